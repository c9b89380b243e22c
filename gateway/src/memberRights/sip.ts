import { badUserInput, CENTRAL_PREFIX, countryOfId, ErrorCode, forbidden, graphqlError, notFound, unauthenticatedForField } from "@smart/platform";
import type { GraphQLFormattedError } from "graphql";
import type { MemberRightsContext, SubgraphResponse } from "./context.js";

/**
 * Smart In Progress operations that need a unit's word before the central office
 * writes: the member's unit says whether they are a current member, the city's
 * unit whether the city exists. Each is one unit call, then one central step
 * (@inaccessible, taken as the caller on the gateway's signed call), which
 * checks everything central knows (the cycle open, the group, the participant,
 * one support each) in its own transaction. A refusal at either writes nothing.
 */

/** Unit calls of one of these operations: the unit's word (central's step is priced apart). */
export const UNIT_CALLS_PER_SIP_OPERATION = 1;

/** Current members: those who may take part (statuses as the unit names them). */
const CURRENT = new Set(["ACTIVE", "SUSPENDED"]);

const MEMBER_STATUS = `query SipMemberStatus($id: ID!) { member(id: $id) { id status } }`;
const CITY = `query SipCity($id: ID!) { city(id: $id) { id } }`;
const JOIN = `mutation AddWorkingGroupParticipant($id: ID!) { addWorkingGroupParticipant(workingGroupId: $id) { id } }`;
const PROPOSE = `mutation AddRecommendation($id: ID!, $title: String!) { addRecommendation(workingGroupId: $id, title: $title) { id } }`;
const SUPPORT = `mutation AddRecommendationSupport($id: ID!) { addRecommendationSupport(recommendationId: $id) { id } }`;
const OPEN_GROUP = `mutation AddWorkingGroup($cycleId: ID!, $cityId: ID!, $topic: String!) {
  addWorkingGroup(cycleId: $cycleId, cityId: $cityId, topic: $topic) { id }
}`;

interface Reference {
  id: string;
}

export async function joinWorkingGroup(workingGroupId: string, context: MemberRightsContext): Promise<Reference> {
  requireCentralIdShape(workingGroupId, "workingGroupId");
  await requireCurrentMember(context, "join a working group");
  return centralStep(context, JOIN, { id: workingGroupId }, "addWorkingGroupParticipant");
}

export async function proposeRecommendation(workingGroupId: string, title: string, context: MemberRightsContext): Promise<Reference> {
  requireCentralIdShape(workingGroupId, "workingGroupId");
  await requireCurrentMember(context, "propose a recommendation");
  return centralStep(context, PROPOSE, { id: workingGroupId, title }, "addRecommendation");
}

export async function supportRecommendation(recommendationId: string, context: MemberRightsContext): Promise<Reference> {
  requireCentralIdShape(recommendationId, "recommendationId");
  await requireCurrentMember(context, "support a recommendation");
  return centralStep(context, SUPPORT, { id: recommendationId }, "addRecommendationSupport");
}

export async function openWorkingGroup(input: { cycleId: string; cityId: string; topic: string }, context: MemberRightsContext): Promise<Reference> {
  const { viewer } = context;
  if (viewer.role === "anonymous") throw unauthenticatedForField("Sign in as the central office to open a working group.");
  if (viewer.role !== "central_office") throw forbidden("Only the central office may open a working group.");
  requireCentralIdShape(input.cycleId, "input.cycleId");
  if (!countryOfId(input.cityId))
    throw badUserInput(`cityId: ${JSON.stringify(input.cityId.slice(0, 60))} is not a unit's city ID, like "FR:lyon".`, { argumentName: "input.cityId" });
  const city = await context.call("national", CITY, { id: input.cityId });
  if (city.errors?.length) throw passOn(city.errors[0]!);
  if (!city.data?.city) throw notFound(`No city ${input.cityId} in the ${countryOfId(input.cityId)} unit.`);
  return centralStep(context, OPEN_GROUP, input, "addWorkingGroup");
}

/**
 * The caller is a member acting for themself (staff and the central office
 * cannot act for one) whom their unit knows as a current member: not one who
 * left, was erased or moved to another unit (their old ID).
 */
async function requireCurrentMember(context: MemberRightsContext, action: string): Promise<void> {
  const { viewer } = context;
  if (viewer.role === "anonymous") throw unauthenticatedForField(`Sign in as a member to ${action}.`);
  if (viewer.role !== "member") throw forbidden(`Only a member may ${action}, for themself.`);
  const answer = await context.call("national", MEMBER_STATUS, { id: viewer.sub });
  const error = answer.errors?.[0];
  if (error?.extensions?.code === ErrorCode.MEMBER_MOVED) throw forbidden(`${viewer.sub} has moved to another unit: sign in again to ${action}.`);
  if (error) throw passOn(error);
  const status = (answer.data?.member as { status?: string | null } | null | undefined)?.status;
  if (!status || !CURRENT.has(status)) throw forbidden(`${viewer.sub} is not a current member of the ${viewer.unit} unit: only current members may ${action}.`);
}

/** Central's step, as the caller: its refusal passed on with its code; the written entity's reference. */
async function centralStep(context: MemberRightsContext, query: string, variables: Record<string, unknown>, field: string): Promise<Reference> {
  const answer: SubgraphResponse = await context.call("central", query, variables);
  if (answer.errors?.length) throw passOn(answer.errors[0]!);
  const written = answer.data?.[field] as Reference | null | undefined;
  if (!written) throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The central office gave no answer.", { unit: "central" });
  return { id: written.id };
}

/** BAD_USER_INPUT for what cannot be a central office ID, before any call (central checks the rest). */
function requireCentralIdShape(id: string, argumentName: string): void {
  if (!id.startsWith(`${CENTRAL_PREFIX}:`))
    throw badUserInput(`${argumentName}: ${JSON.stringify(id.slice(0, 60))} is not a central office ID (${CENTRAL_PREFIX}:…).`, { argumentName });
}

/** A subgraph's refusal as the caller's error: its code, and the unit it names. */
function passOn(error: GraphQLFormattedError) {
  const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  const kept = Object.fromEntries(["unit", "argumentName"].filter((key) => error.extensions?.[key] !== undefined).map((key) => [key, error.extensions![key]]));
  return graphqlError(code as never, error.message, kept);
}
