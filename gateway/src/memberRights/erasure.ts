import { badUserInput, COUNTRY_CODES, ErrorCode, graphqlError, notFound, type Viewer } from "@smart/platform";
import type { GraphQLFormattedError } from "graphql";
import type { MemberRightsContext, SubgraphResponse } from "./context.js";
import { checkMayActOnMember } from "./access.js";

export interface ErasureReceipt {
  memberId: string;
  status: "DONE" | "PENDING";
  units: string[];
  pendingUnits: string[];
  requestedAt: string;
}

interface ErasureRecord {
  memberId: string;
  pseudonym: string;
  pending: string[];
  requestedAt: string;
}

const TARGETS: readonly string[] = [...COUNTRY_CODES, "central"];
const RECORD_FIELDS = "memberId pseudonym pending requestedAt";

const ERASE = `mutation EraseMemberRecord($id: ID!, $reason: String!) { eraseMemberRecord(id: $id, reason: $reason) { ${RECORD_FIELDS} } }`;
const PROGRESS = `mutation RecordErasureProgress($id: ID!, $done: [String!]!) { recordErasureProgress(id: $id, done: $done) { ${RECORD_FIELDS} } }`;
const STATUS = `query MemberErasure($id: ID!) { memberErasure(id: $id) { ${RECORD_FIELDS} } }`;
const UNLINK = `mutation UnlinkMemberBookings($unit: CountryCode!, $id: ID!, $pseudonym: ID!) { unlinkMemberBookings(unit: $unit, memberId: $id, pseudonym: $pseudonym) }`;
const PSEUDONYMISE = `mutation PseudonymiseMember($id: ID!, $pseudonym: ID!) { pseudonymiseMember(memberId: $id, pseudonym: $pseudonym) }`;

/** Unit calls of one eraseMember at most: the record, nine unlinks, the progress. */
export const UNIT_CALLS_PER_ERASURE = 1 + COUNTRY_CODES.length + 1;

function checkMayErase(viewer: Viewer, memberId: string): void {
  checkMayActOnMember(viewer, memberId, {
    signIn: "Sign in to erase a member.",
    refusal: "Only staff of the member's unit and the central office may erase a member or see an erasure.",
  });
}

/**
 * 1. the member's unit replaces the personal fields and records the erasure with
 *    every place still to do (one transaction; nothing happens if it is down);
 * 2. each place pending unlinks the member's bookings (units) or pseudonymises
 *    the SIP records (central), idempotently, in parallel;
 * 3. the member's unit records the places done. A place that failed stays
 *    pending; calling again resumes from the record.
 */
export async function eraseMember(memberId: string, reason: string, context: MemberRightsContext): Promise<ErasureReceipt> {
  checkMayErase(context.viewer, memberId);
  const trimmed = reason.trim();
  if (!trimmed || trimmed.length > 500) throw badUserInput("reason: say why, in 1 to 500 characters.", { argumentName: "reason" });
  const record = recordOf(await context.call("national", ERASE, { id: memberId, reason: trimmed }), "eraseMemberRecord");
  return continueErasure(memberId, record, context);
}

/** Steps 2 and 3, from `record`: each place pending, then the progress. */
async function continueErasure(memberId: string, record: ErasureRecord, context: MemberRightsContext): Promise<ErasureReceipt> {
  if (!record.pending.length) return receiptOf(record);
  const done: string[] = [];
  await Promise.all(
    record.pending.map(async (target) => {
      const response = await settle(
        target === "central"
          ? context.call("central", PSEUDONYMISE, { id: memberId, pseudonym: record.pseudonym })
          : context.call("national", UNLINK, { unit: target, id: memberId, pseudonym: record.pseudonym }),
      );
      if (!response.errors?.length && response.data) done.push(target);
    }),
  );
  if (!done.length) return receiptOf(record);
  return receiptOf(recordOf(await context.call("national", PROGRESS, { id: memberId, done }), "recordErasureProgress"));
}

/**
 * Continues the member's open erasure from its record (the retry worker): the
 * places still pending, then the progress. Never begins one: the record was
 * written, with the member's personal fields replaced, by `eraseMember`.
 */
export async function resumeErasure(memberId: string, context: MemberRightsContext): Promise<ErasureReceipt | null> {
  const response = await context.call("national", STATUS, { id: memberId });
  if (response.errors?.length) throw passOn(response.errors[0]!);
  const record = response.data?.memberErasure as ErasureRecord | null | undefined;
  return record ? continueErasure(memberId, record, context) : null;
}

export async function erasureStatus(memberId: string, context: MemberRightsContext): Promise<ErasureReceipt> {
  checkMayErase(context.viewer, memberId);
  const response = await context.call("national", STATUS, { id: memberId });
  if (response.errors?.length) throw passOn(response.errors[0]!);
  const record = response.data?.memberErasure as ErasureRecord | null | undefined;
  if (!record) throw notFound(`No erasure of member ${memberId}.`);
  return receiptOf(record);
}

function receiptOf(record: ErasureRecord): ErasureReceipt {
  const pending = TARGETS.filter((t) => record.pending.includes(t));
  return {
    memberId: record.memberId,
    status: pending.length ? "PENDING" : "DONE",
    units: TARGETS.filter((t) => !pending.includes(t)),
    pendingUnits: pending,
    requestedAt: record.requestedAt,
  };
}

function recordOf(response: SubgraphResponse, field: string): ErasureRecord {
  if (response.errors?.length) throw passOn(response.errors[0]!);
  const record = response.data?.[field] as ErasureRecord | null | undefined;
  if (!record) throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The member's unit gave no erasure record.");
  return record;
}

const settle = (promise: Promise<SubgraphResponse>) => promise.catch((error: unknown): SubgraphResponse => ({ errors: [{ message: String(error) }] }));

function passOn(error: GraphQLFormattedError) {
  const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  return graphqlError(code as never, error.message, error.extensions?.unit ? { unit: error.extensions.unit } : {});
}
