import { badUserInput, conflict, COUNTRY_CODES, countryOfId, ErrorCode, graphqlError, notFound, type CountryCode, type Viewer } from "@smart/platform";
import type { GraphQLFormattedError } from "graphql";
import type { MemberRightsContext, SubgraphResponse } from "./context.js";
import { crashPointReached } from "./crashPoint.js";
import { sharesInTarget, type SharePrice } from "./sharePrices.js";
import { checkMayActOnMember } from "./access.js";

/** What `transferMember` and `memberTransfer` answer. */
export interface MemberTransferView {
  status: "PENDING" | "DONE" | "FAILED";
  fromId: string;
  toId: string | null;
  to: CountryCode;
  pendingUnits: string[];
  reason: string | null;
  member: { id: string } | null;
  requestedAt: string;
}

/** The unit's step log of one transfer (national `MemberTransferRecord`). */
interface TransferRecord {
  transferId: string;
  memberId: string;
  to: CountryCode;
  step: "REQUESTED" | "MOVED" | "DONE" | "FAILED";
  movedTo: string | null;
  pending: string[];
  failure: string | null;
  requestedAt: string;
  /** The member as they leave: while REQUESTED. */
  member: Record<string, unknown> | null;
}

const MEMBER_FIELDS = "firstName lastName email phone category status shares cityId activeIn joinedOn preferredLanguage";
const RECORD_FIELDS = `transferId memberId to step movedTo pending failure requestedAt member { ${MEMBER_FIELDS} }`;

const RECORD = `query MemberTransferRecord($id: ID!) { memberTransferRecord(id: $id) { ${RECORD_FIELDS} } }`;
const SHARES = `query MemberShares($id: ID!) { member(id: $id) { shares } }`;
const PRICES = `query SharePrices($from: CountryCode!, $to: CountryCode!) {
  from: country(code: $from) { sharePrice { amount currency period } }
  to: country(code: $to) { sharePrice { amount currency period } }
}`;
const BEGIN = `mutation BeginMemberTransfer($id: ID!, $to: CountryCode!, $shares: Int!, $cityId: ID) {
  beginMemberTransfer(id: $id, to: $to, shares: $shares, cityId: $cityId) { ${RECORD_FIELDS} }
}`;
const RECEIVE = `mutation ReceiveMember($input: ArrivingMemberInput!) { receiveMember(input: $input) }`;
const COMPLETE = `mutation CompleteMemberTransfer($id: ID!, $transferId: ID!, $movedTo: ID!) {
  completeMemberTransfer(id: $id, transferId: $transferId, movedTo: $movedTo) { ${RECORD_FIELDS} }
}`;
const FAIL = `mutation FailMemberTransfer($id: ID!, $transferId: ID!, $reason: String!) {
  failMemberTransfer(id: $id, transferId: $transferId, reason: $reason) { ${RECORD_FIELDS} }
}`;
const RELINK = `mutation RelinkMemberBookings($unit: CountryCode!, $from: ID!, $to: ID!) { relinkMemberBookings(unit: $unit, from: $from, to: $to) }`;
const RELINK_SIP = `mutation RelinkSipMember($from: ID!, $to: ID!) { relinkSipMember(from: $from, to: $to) }`;
const PROGRESS = `mutation RecordTransferProgress($id: ID!, $transferId: ID!, $done: [String!]!) {
  recordTransferProgress(id: $id, transferId: $transferId, done: $done) { ${RECORD_FIELDS} }
}`;

/** Unit calls of one transferMember at most: the record, the shares, begin, receive, complete, nine relinks, the progress (central: prices, SIP). */
export const UNIT_CALLS_PER_TRANSFER = 5 + COUNTRY_CODES.length + 1;

/** What the target unit's refusal means: the rule stands, so the transfer fails (anything else is retried). */
const REFUSALS = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.CONFLICT]);

function checkMayTransfer(viewer: Viewer, memberId: string): CountryCode {
  return checkMayActOnMember(viewer, memberId, {
    signIn: "Sign in to move a member to another unit.",
    refusal: "Only staff of the member's unit and the central office may move a member to another unit or see a transfer.",
  });
}

/**
 * Moves a member to `to`, or continues their open transfer from the step the
 * member's unit recorded:
 * 1. the member's unit records the transfer and marks the member as moving;
 * 2. the target unit registers the member, once per transfer ID: their new ID;
 * 3. the member's unit makes its row a tombstone pointing to the new ID;
 * 4. each unit (and central) relinks the member's bookings (SIP records) to the
 *    new ID, and the member's unit records the places done: DONE.
 * A refusal by the target (email taken) records FAILED and nothing has changed;
 * a unit that does not answer leaves the transfer PENDING, to be resumed.
 */
export async function transferMember(
  memberId: string,
  to: CountryCode,
  cityId: string | null | undefined,
  context: MemberRightsContext,
): Promise<MemberTransferView> {
  const from = checkMayTransfer(context.viewer, memberId);
  if (to === from) throw badUserInput(`to: ${memberId} already belongs to the ${to} unit.`, { argumentName: "to" });
  if (cityId != null && countryOfId(cityId) !== to)
    throw badUserInput(`cityId: ${JSON.stringify(cityId.slice(0, 60))} is not a city of the ${to} unit.`, { argumentName: "cityId" });
  const latest = await readRecord(memberId, context);
  if (latest && latest.step !== "FAILED") {
    if (latest.to !== to)
      throw conflict(
        `${memberId} ${latest.step === "DONE" ? "has moved" : "is moving"} to the ${latest.to} unit already${latest.movedTo ? ` (${latest.movedTo})` : ""}.`,
      );
    return continueTransfer(latest, context);
  }
  const shares = await sharesFor(memberId, from, to, context);
  const record = recordOf(await context.call("national", BEGIN, { id: memberId, to, shares, cityId: cityId ?? null }), "beginMemberTransfer");
  crashPointReached(1);
  return continueTransfer(record, context);
}

/** Continues the member's open transfer, if any (the retry worker). */
export async function resumeTransfer(memberId: string, context: MemberRightsContext): Promise<MemberTransferView | null> {
  const record = await readRecord(memberId, context);
  return record ? continueTransfer(record, context) : null;
}

export async function memberTransfer(memberId: string, context: MemberRightsContext): Promise<MemberTransferView> {
  checkMayTransfer(context.viewer, memberId);
  const record = await readRecord(memberId, context);
  if (!record) throw notFound(`No transfer of member ${memberId}.`);
  return viewOf(record);
}

async function continueTransfer(start: TransferRecord, context: MemberRightsContext): Promise<MemberTransferView> {
  let record = start;
  if (record.step === "REQUESTED" && record.member) {
    const input = { ...record.member, country: record.to, transferId: record.transferId, formerId: record.memberId };
    const received = await settle(context.call("national", RECEIVE, { input }));
    const error = received.errors?.[0];
    if (error && REFUSALS.has(String(error.extensions?.code))) {
      await settle(context.call("national", FAIL, { id: record.memberId, transferId: record.transferId, reason: error.message }));
      throw passOn(error, { transferId: record.transferId, status: "FAILED" });
    }
    const movedTo = received.data?.receiveMember as string | undefined;
    if (error || !movedTo) return viewOf(record);
    crashPointReached(2);
    const completed = await settle(context.call("national", COMPLETE, { id: record.memberId, transferId: record.transferId, movedTo }));
    if (completed.errors?.length || !completed.data?.completeMemberTransfer) return viewOf(record);
    record = completed.data.completeMemberTransfer as TransferRecord;
    crashPointReached(3);
  }
  if (record.step !== "MOVED") return viewOf(record);
  const { memberId, movedTo } = record as TransferRecord & { movedTo: string };
  const done: string[] = [];
  await Promise.all(
    record.pending.map(async (target) => {
      const response = await settle(
        target === "central"
          ? context.call("central", RELINK_SIP, { from: memberId, to: movedTo })
          : context.call("national", RELINK, { unit: target, from: memberId, to: movedTo }),
      );
      if (!response.errors?.length && response.data) done.push(target);
    }),
  );
  crashPointReached(4);
  if (!done.length) return viewOf(record);
  const progressed = await settle(context.call("national", PROGRESS, { id: memberId, transferId: record.transferId, done }));
  return viewOf((progressed.data?.recordTransferProgress as TransferRecord | undefined) ?? record);
}

/** The member's shares as the target unit counts them (the member's unit reads theirs, central the two share prices). */
async function sharesFor(memberId: string, from: CountryCode, to: CountryCode, context: MemberRightsContext): Promise<number> {
  const [member, prices] = await Promise.all([context.call("national", SHARES, { id: memberId }), context.call("central", PRICES, { from, to })]);
  if (member.errors?.length) throw passOn(member.errors[0]!);
  const shares = (member.data?.member as { shares: number | null } | null | undefined)?.shares;
  if (shares == null) throw notFound(`No member ${memberId}.`);
  if (prices.errors?.length) throw passOn(prices.errors[0]!);
  const priceOf = (key: string) => (prices.data?.[key] as { sharePrice: SharePrice } | null | undefined)?.sharePrice;
  const fromPrice = priceOf("from");
  const toPrice = priceOf("to");
  if (!fromPrice || !toPrice) throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The central office gave no share price.", { unit: "central" });
  return sharesInTarget(shares, fromPrice, toPrice);
}

async function readRecord(memberId: string, context: MemberRightsContext): Promise<TransferRecord | null> {
  const response = await context.call("national", RECORD, { id: memberId });
  if (response.errors?.length) throw passOn(response.errors[0]!);
  return (response.data?.memberTransferRecord as TransferRecord | null | undefined) ?? null;
}

function viewOf(record: TransferRecord): MemberTransferView {
  return {
    status: record.step === "DONE" ? "DONE" : record.step === "FAILED" ? "FAILED" : "PENDING",
    fromId: record.memberId,
    toId: record.movedTo,
    to: record.to,
    pendingUnits: record.step === "MOVED" ? record.pending : [],
    reason: record.failure,
    member: record.movedTo ? { id: record.movedTo } : null,
    requestedAt: record.requestedAt,
  };
}

function recordOf(response: SubgraphResponse, field: string): TransferRecord {
  if (response.errors?.length) throw passOn(response.errors[0]!);
  const record = response.data?.[field] as TransferRecord | null | undefined;
  if (!record) throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The member's unit gave no transfer record.");
  return record;
}

const settle = (promise: Promise<SubgraphResponse>): Promise<SubgraphResponse> => promise.catch((error: unknown) => ({ errors: [{ message: String(error) }] }));

function passOn(error: GraphQLFormattedError, extra: Record<string, unknown> = {}) {
  const code = typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  const kept = Object.fromEntries(
    ["unit", "movedTo", "argumentName"].filter((key) => error.extensions?.[key] !== undefined).map((key) => [key, error.extensions![key]]),
  );
  return graphqlError(code as never, error.message, { ...kept, ...extra });
}
