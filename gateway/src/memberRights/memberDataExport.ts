import { ErrorCode, graphqlError, notFound, type Viewer } from "@smart/platform";
import type { GraphQLFormattedError } from "graphql";
import type { MemberRightsContext, SubgraphResponse } from "./context.js";
import { checkMayActOnMember } from "./access.js";
import { MAX_MOVES_FOLLOWED, movesIn } from "./followMoves.js";

type Json = Record<string, unknown>;

/** What `MemberDataExport`'s resolvers get: everything read, once. */
export interface MemberDataExportParent {
  exportedAt: Date;
  member: Json & { id: string };
  bookings: (Json & { id: string })[];
  sipParticipations: SipParticipationRow[];
  sipSupports: SipSupportRow[];
  accessLog: Json[];
}

interface SipSupportRow {
  recommendationId: string;
  title: string;
  cycleYear: number;
}

interface SipParticipationRow {
  workingGroupId: string;
  topic: string;
  cycleYear: number;
  cycleTheme: string;
  cityId: string;
}

/** Every personal and public field of the record, as the member's unit holds it. */
const MEMBER_QUERY = `query MemberRecord($id: ID!) {
  member(id: $id) { id displayName firstName lastName email phone category status shares joinedOn city { id name } activeIn { code } }
  personalDataAccessLog(memberId: $id) { at role actor unit fields requestId }
}`;

/** The member's bookings in every unit (the router fans `bookings(member:)` out to all nine). */
const BOOKINGS_QUERY = `query MemberBookingsEverywhere($id: ID!) {
  bookings(member: $id) { id date status createdAt cancelledAt workspace { id name city { id name } } }
}`;

const SIP_QUERY = `query MemberSipParticipations($id: ID!) {
  sipParticipations(memberId: $id) { id topic cycle { year theme } city { id } }
  sipSupports(memberId: $id) { id title cycle { year } }
}`;

/** Calls the units make for one export: the member's unit twice over (record, log) in one call, and all nine for bookings (a moved member's former unit costs one more call). */
export const UNIT_CALLS_PER_EXPORT = 1 + 9;

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
export async function exportMemberData(memberId: string, context: MemberRightsContext): Promise<MemberDataExportParent> {
  checkMayExport(context.viewer, memberId);
  const settle = (promise: Promise<SubgraphResponse>) =>
    promise.then(
      (response) => response,
      (error: unknown): SubgraphResponse => ({ errors: [errorOf(error)] }),
    );
  // A member who moved is exported as the unit they live in now holds them, under their new ID (to
  // which their bookings and SIP places were relinked), with what their former units logged under the old ones.
  let currentId = memberId;
  let record = await settle(context.call("national", MEMBER_QUERY, { id: currentId }));
  const formerLogs: Json[] = [];
  for (let hop = 0; hop < MAX_MOVES_FOLLOWED; hop++) {
    const movedTo = movesIn(record).get(currentId);
    if (!movedTo) break;
    formerLogs.push(...((record.data?.personalDataAccessLog as Json[] | undefined) ?? []));
    checkMayExport(context.viewer, movedTo);
    currentId = movedTo;
    record = await settle(context.call("national", MEMBER_QUERY, { id: currentId }));
  }
  const variables = { id: currentId };
  const [bookings, sip] = await Promise.all([
    settle(context.call("national", BOOKINGS_QUERY, variables)),
    settle(context.call("central", SIP_QUERY, variables)),
  ]);
  const errors = [...(record.errors ?? []), ...(bookings.errors ?? []), ...(sip.errors ?? [])];
  const unavailable = [
    ...new Set(
      errors
        .filter((e) => e.extensions?.code === ErrorCode.SHARD_UNAVAILABLE)
        .map((e) => (typeof e.extensions?.unit === "string" ? e.extensions.unit : "unknown")),
    ),
  ];
  if (unavailable.length) {
    throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, `The export is incomplete, so none is given: ${unavailable.join(", ")} did not answer. Try again later.`, {
      units: unavailable,
      unit: unavailable[0],
    });
  }
  const member = record.data?.member as (Json & { id: string }) | null | undefined;
  if (!member) {
    if (errors.length) throw passOn(errors[0]!);
    throw notFound(`No member ${memberId}.`);
  }
  if (errors.length) throw passOn(errors[0]!);
  return {
    exportedAt: new Date(),
    member,
    bookings: [...((bookings.data?.bookings as (Json & { id: string; date: string })[] | undefined) ?? [])].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
    ),
    sipParticipations: ((sip.data?.sipParticipations as Json[] | undefined) ?? []).map((group) => ({
      workingGroupId: String(group.id),
      topic: String(group.topic),
      cycleYear: Number((group.cycle as Json).year),
      cycleTheme: String((group.cycle as Json).theme),
      cityId: String((group.city as Json).id),
    })),
    sipSupports: ((sip.data?.sipSupports as Json[] | undefined) ?? []).map((recommendation) => ({
      recommendationId: String(recommendation.id),
      title: String(recommendation.title),
      cycleYear: Number((recommendation.cycle as Json).year),
    })),
    accessLog: [...formerLogs, ...((record.data?.personalDataAccessLog as Json[] | undefined) ?? [])],
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

function errorOf(error: unknown): GraphQLFormattedError {
  if (error && typeof error === "object" && "extensions" in error && "message" in error)
    return { message: String(error.message), extensions: error.extensions as Json };
  return { message: error instanceof Error ? error.message : String(error) };
}

function passOn(error: GraphQLFormattedError) {
  const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  return graphqlError(code as never, error.message, error.extensions?.unit ? { unit: error.extensions.unit } : {});
}
