import {
  badUserInput,
  CENTRAL_PREFIX,
  countryOfId,
  ErrorCode,
  forbidden,
  notFound,
  unauthenticatedForField,
} from "@smart/platform";
import { SipCityDocument, SipMemberStatusDocument } from "../__generated__/national-operations.js";
import {
  AddRecommendationDocument,
  AddRecommendationSupportDocument,
  AddWorkingGroupDocument,
  AddWorkingGroupParticipantDocument,
} from "../__generated__/central-operations.js";
import { centralStep, passOn, unitStep, type CrossUnitOperation } from "../stepRunner/index.js";
import type { MemberRightsContext } from "./context.js";

/**
 * Smart In Progress operations that need a unit's word before the central office
 * writes: the member's unit says whether they are a current member, the city's
 * unit whether the city exists. Each is one unit call, then one central step
 * (@inaccessible, taken as the caller on the gateway's signed call), which
 * checks everything central knows (the cycle open, the group, the participant,
 * one support each) in its own transaction. A refusal at either writes nothing.
 */

/** Current members: those who may take part (statuses as the unit names them). */
const CURRENT = new Set(["ACTIVE", "SUSPENDED"]);

const MEMBER_STATUS = unitStep(SipMemberStatusDocument);
const CITY = unitStep(SipCityDocument);
const JOIN = centralStep(AddWorkingGroupParticipantDocument);
const PROPOSE = centralStep(AddRecommendationDocument);
const SUPPORT = centralStep(AddRecommendationSupportDocument);
const OPEN_GROUP = centralStep(AddWorkingGroupDocument);

/** The operations, as the step runner prices them: the unit's word, then central's step. */
export const SIP: CrossUnitOperation = {
  fields: {
    joinWorkingGroup: [MEMBER_STATUS, JOIN],
    proposeRecommendation: [MEMBER_STATUS, PROPOSE],
    supportRecommendation: [MEMBER_STATUS, SUPPORT],
    openWorkingGroup: [CITY, OPEN_GROUP],
  },
};

interface Reference {
  id: string;
}

export async function joinWorkingGroup(workingGroupId: string, context: MemberRightsContext): Promise<Reference> {
  requireCentralIdShape(workingGroupId, "workingGroupId");
  await requireCurrentMember(context, "join a working group");
  return (await context.steps.run(JOIN, { id: workingGroupId })).addWorkingGroupParticipant;
}

export async function proposeRecommendation(
  workingGroupId: string,
  title: string,
  context: MemberRightsContext,
): Promise<Reference> {
  requireCentralIdShape(workingGroupId, "workingGroupId");
  await requireCurrentMember(context, "propose a recommendation");
  return (await context.steps.run(PROPOSE, { id: workingGroupId, title })).addRecommendation;
}

export async function supportRecommendation(
  recommendationId: string,
  context: MemberRightsContext,
): Promise<Reference> {
  requireCentralIdShape(recommendationId, "recommendationId");
  await requireCurrentMember(context, "support a recommendation");
  return (await context.steps.run(SUPPORT, { id: recommendationId })).addRecommendationSupport;
}

export async function openWorkingGroup(
  input: { cycleId: string; cityId: string; topic: string },
  context: MemberRightsContext,
): Promise<Reference> {
  const { viewer } = context.steps;
  if (viewer.role === "anonymous")
    throw unauthenticatedForField("Sign in as the central office to open a working group.");
  if (viewer.role !== "central_office") throw forbidden("Only the central office may open a working group.");
  requireCentralIdShape(input.cycleId, "input.cycleId");
  if (!countryOfId(input.cityId))
    throw badUserInput(
      `cityId: ${JSON.stringify(input.cityId.slice(0, 60))} is not a unit's city ID, like "FR:lyon".`,
      { argumentName: "input.cityId" },
    );
  const { city } = await context.steps.run(CITY, { id: input.cityId });
  if (!city) throw notFound(`No city ${input.cityId} in the ${countryOfId(input.cityId)} unit.`);
  return (await context.steps.run(OPEN_GROUP, input)).addWorkingGroup;
}

/**
 * The caller is a member acting for themself (staff and the central office
 * cannot act for one) whom their unit knows as a current member: not one who
 * left, was erased or moved to another unit (their old ID).
 */
async function requireCurrentMember(context: MemberRightsContext, action: string): Promise<void> {
  const { viewer } = context.steps;
  if (viewer.role === "anonymous") throw unauthenticatedForField(`Sign in as a member to ${action}.`);
  if (viewer.role !== "member") throw forbidden(`Only a member may ${action}, for themself.`);
  const answer = await context.steps.settle(MEMBER_STATUS, { id: viewer.sub });
  const error = answer.errors[0];
  if (error?.extensions?.code === ErrorCode.MEMBER_MOVED)
    throw forbidden(`${viewer.sub} has moved to another unit: sign in again to ${action}.`);
  if (error) throw passOn(error);
  const status = answer.data?.member?.status;
  if (!status || !CURRENT.has(status))
    throw forbidden(
      `${viewer.sub} is not a current member of the ${viewer.unit} unit: only current members may ${action}.`,
    );
}

/** BAD_USER_INPUT for what cannot be a central office ID, before any call (central checks the rest). */
function requireCentralIdShape(id: string, argumentName: string): void {
  if (!id.startsWith(`${CENTRAL_PREFIX}:`))
    throw badUserInput(
      `${argumentName}: ${JSON.stringify(id.slice(0, 60))} is not a central office ID (${CENTRAL_PREFIX}:…).`,
      { argumentName },
    );
}
