import { ErrorCode, graphqlError, notFound, type Viewer } from "@smart/platform";
import {
  MemberBookingsEverywhereDocument,
  MemberRecordDocument,
  type MemberBookingsEverywhereQuery,
  type MemberRecordQuery,
} from "../__generated__/national-operations.js";
import { MemberSipParticipationsDocument } from "../__generated__/central-operations.js";
import { centralStep, everyUnitStep, passOn, unitStep, type CrossUnitOperation } from "../stepRunner/index.js";
import type { Json } from "../json.js";
import type { MemberRightsContext } from "./context.js";
import { checkMayActOnMember } from "./access.js";
import { MAX_MOVES_FOLLOWED, movesIn } from "./followMoves.js";

type MemberRecord = NonNullable<MemberRecordQuery["member"]>;
type AccessLogEntry = MemberRecordQuery["personalDataAccessLog"][number];
type Booking = MemberBookingsEverywhereQuery["bookings"][number];

/** What `MemberDataExport`'s resolvers get: everything read, once. */
export interface MemberDataExportParent {
  exportedAt: Date;
  member: MemberRecord;
  bookings: Booking[];
  // Shaped as the SDL's WorkingGroupParticipation and SupportedRecommendation, built from central's
  // typed answer; written out because the generated resolver types import this interface (a cycle).
  sipParticipations: { workingGroupId: string; topic: string; cycleYear: number; cycleTheme: string; cityId: string }[];
  sipSupports: { recommendationId: string; title: string; cycleYear: number }[];
  accessLog: AccessLogEntry[];
}

const RECORD = unitStep(MemberRecordDocument);
const BOOKINGS = everyUnitStep(MemberBookingsEverywhereDocument);
const SIP = centralStep(MemberSipParticipationsDocument);

/** The export, as the step runner prices it: the member's record in each unit they lived in, bookings everywhere, SIP places. */
export const EXPORT: CrossUnitOperation = {
  fields: { memberDataExport: [{ step: RECORD, times: 1 + MAX_MOVES_FOLLOWED }, BOOKINGS, SIP] },
};

export function checkMayExport(viewer: Viewer, memberId: string): void {
  checkMayActOnMember(viewer, memberId, {
    signIn: "Sign in to export a member's data.",
    refusal: "You may export only your own data, or, as staff, that of your unit's members.",
    memberMayAct: true,
  });
}

/**
 * Reads everything in parallel; complete or nothing. A unit (or central) that
 * did not answer is SHARD_UNAVAILABLE naming every one missing; another error
 * of a part is passed on with its code.
 */
export async function exportMemberData(
  memberId: string,
  { viewer, steps }: MemberRightsContext,
): Promise<MemberDataExportParent> {
  checkMayExport(viewer, memberId);
  // A member who moved is exported as the unit they live in now holds them, under their new ID (to
  // which their bookings and SIP places were relinked), with what their former units logged under the old ones.
  let currentId = memberId;
  let record = await steps.settle(RECORD, { id: currentId });
  const formerLogs: AccessLogEntry[] = [];
  for (let hop = 0; hop < MAX_MOVES_FOLLOWED; hop++) {
    const movedTo = movesIn(record).get(currentId);
    if (!movedTo) break;
    formerLogs.push(...(record.data?.personalDataAccessLog ?? []));
    checkMayExport(viewer, movedTo);
    currentId = movedTo;
    record = await steps.settle(RECORD, { id: currentId });
  }
  const variables = { id: currentId };
  const [bookings, sip] = await Promise.all([steps.settle(BOOKINGS, variables), steps.settle(SIP, variables)]);
  const errors = [...record.errors, ...bookings.errors, ...sip.errors];
  const unavailable = [
    ...new Set(
      errors
        .filter((e) => e.extensions?.code === ErrorCode.SHARD_UNAVAILABLE)
        .map((e) => (typeof e.extensions?.unit === "string" ? e.extensions.unit : "unknown")),
    ),
  ];
  if (unavailable.length) {
    throw graphqlError(
      ErrorCode.SHARD_UNAVAILABLE,
      `The export is incomplete, so none is given: ${unavailable.join(", ")} did not answer. Try again later.`,
      {
        units: unavailable,
        unit: unavailable[0],
      },
    );
  }
  const member = record.data?.member;
  if (!member) {
    if (errors[0]) throw passOn(errors[0]);
    throw notFound(`No member ${memberId}.`);
  }
  if (errors[0]) throw passOn(errors[0]);
  return {
    exportedAt: new Date(),
    member,
    bookings: [...(bookings.data?.bookings ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    sipParticipations: (sip.data?.sipParticipations ?? []).map((group) => ({
      workingGroupId: group.id,
      topic: group.topic,
      cycleYear: group.cycle.year,
      cycleTheme: group.cycle.theme,
      cityId: group.city.id,
    })),
    sipSupports: (sip.data?.sipSupports ?? []).map((recommendation) => ({
      recommendationId: recommendation.id,
      title: recommendation.title,
      cycleYear: recommendation.cycle.year,
    })),
    accessLog: [...formerLogs, ...(record.data?.personalDataAccessLog ?? [])],
  };
}

/** The export as one document: what a member takes elsewhere. */
export function exportDocument(data: MemberDataExportParent): Json {
  return {
    format: "smart-europe-member-export/1",
    exportedAt: data.exportedAt.toISOString(),
    member: data.member,
    bookings: data.bookings,
    sipParticipations: data.sipParticipations,
    sipSupports: data.sipSupports,
    accessLog: data.accessLog,
  };
}
