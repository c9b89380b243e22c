import {
  badUserInput,
  conflict,
  countryOfId,
  ErrorCode,
  graphqlError,
  notFound,
  type CountryCode,
  type Viewer,
} from "@smart/platform";
import {
  BeginMemberTransferDocument,
  CompleteMemberTransferDocument,
  SettleMemberArrivalDocument,
  FailMemberTransferDocument,
  MemberSharesDocument,
  MemberTransferRecordDocument,
  ReceiveMemberDocument,
  RecordTransferProgressDocument,
  RelinkMemberBookingsDocument,
  type TransferRecordFieldsFragment,
} from "../__generated__/national-operations.js";
import { RelinkSipMemberDocument, SharePricesDocument } from "../__generated__/central-operations.js";
import type { MemberTransfer } from "../__generated__/member-rights-types.js";
import {
  centralStep,
  onlyLacksFields,
  passOn,
  placesIn,
  stepCall,
  unitStep,
  type CrossUnitOperation,
  type StepRun,
} from "../stepRunner/index.js";
import type { MemberRightsContext } from "./context.js";
import { crashPointReached } from "./crashPoint.js";
import { sharesInTarget } from "./sharePrices.js";
import { checkMayActOnMember } from "./access.js";

/** What `transferMember` and `memberTransfer` answer. */
export type MemberTransferView = Omit<MemberTransfer, "__typename">;

/** The unit's step log of one transfer, as the steps read it. */
type TransferRecord = TransferRecordFieldsFragment;

const RECORD = unitStep(MemberTransferRecordDocument);
const SHARES = unitStep(MemberSharesDocument);
const PRICES = centralStep(SharePricesDocument);
const BEGIN = unitStep(BeginMemberTransferDocument);
const RECEIVE = unitStep(ReceiveMemberDocument);
const COMPLETE = unitStep(CompleteMemberTransferDocument);
const SETTLE_ARRIVAL = unitStep(SettleMemberArrivalDocument);
const FAIL = unitStep(FailMemberTransferDocument);
const RELINK = { unit: unitStep(RelinkMemberBookingsDocument), central: centralStep(RelinkSipMemberDocument) };
const PROGRESS = unitStep(RecordTransferProgressDocument);

/** What the target unit's refusal means: the rule stands, so the transfer fails (anything else is retried). */
const REFUSALS = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.CONFLICT]);

function checkMayTransfer(viewer: Viewer, memberId: string): CountryCode {
  return checkMayActOnMember(viewer, memberId, {
    signIn: "Sign in to move a member to another unit.",
    refusal:
      "Only staff of the member's unit and the central office may move a member to another unit or see a transfer.",
  });
}

/**
 * Moves a member to `to`, or continues their open transfer from the step the
 * member's unit recorded:
 * 1. the member's unit records the transfer and marks the member as moving;
 * 2. the target unit registers the member, once per transfer ID: their new ID;
 * 3. the member's unit makes its row a tombstone pointing to the new ID, then
 *    the target counts the member (until then the member's unit did);
 * 4. each unit admitted when step 3 ran (and central) relinks the member's
 *    bookings (SIP records) to the new ID, and the member's unit records the
 *    places done: DONE.
 * A refusal by the target (email taken) records FAILED and nothing has changed;
 * a unit that does not answer leaves the transfer PENDING, to be resumed.
 */
export async function transferMember(
  memberId: string,
  to: CountryCode,
  cityId: string | null | undefined,
  { viewer, steps, units }: MemberRightsContext,
): Promise<MemberTransferView> {
  const from = checkMayTransfer(viewer, memberId);
  if (!units.has(to))
    throw badUserInput(`to: ${to} is not a unit of the graph (${units.units().join(", ")}).`, { argumentName: "to" });
  if (to === from) throw badUserInput(`to: ${memberId} already belongs to the ${to} unit.`, { argumentName: "to" });
  if (cityId != null && countryOfId(cityId) !== to)
    throw badUserInput(`cityId: ${JSON.stringify(cityId.slice(0, 60))} is not a city of the ${to} unit.`, {
      argumentName: "cityId",
    });
  const latest = await readRecord(memberId, steps);
  if (latest && latest.step !== "FAILED") {
    if (latest.to !== to)
      throw conflict(
        `${memberId} ${latest.step === "DONE" ? "has moved" : "is moving"} to the ${latest.to} unit already${latest.movedTo ? ` (${latest.movedTo})` : ""}.`,
      );
    return continueTransfer(latest, steps);
  }
  const shares = await sharesFor(memberId, from, to, steps);
  const { beginMemberTransfer: record } = await steps.runLacking(BEGIN, {
    id: memberId,
    to,
    shares,
    cityId: cityId ?? null,
  });
  crashPointReached(1);
  return continueTransfer(record, steps);
}

export async function memberTransfer(
  memberId: string,
  { viewer, steps }: MemberRightsContext,
): Promise<MemberTransferView> {
  checkMayTransfer(viewer, memberId);
  const record = await readRecord(memberId, steps);
  if (!record) throw notFound(`No transfer of member ${memberId}.`);
  return viewOf(record);
}

/** The transfer, as the step runner prices and resumes it. */
export const TRANSFER: CrossUnitOperation<MemberTransferView> = {
  kind: "TRANSFER",
  fields: {
    transferMember: [RECORD, SHARES, PRICES, BEGIN, RECEIVE, COMPLETE, SETTLE_ARRIVAL, FAIL, RELINK, PROGRESS],
    memberTransfer: [RECORD],
  },
  async resume(memberId, steps) {
    const record = await readRecord(memberId, steps);
    return record ? continueTransfer(record, steps) : null;
  },
};

async function continueTransfer(start: TransferRecord, steps: StepRun): Promise<MemberTransferView> {
  let record = start;
  if (record.step === "REQUESTED" && record.member) {
    const { __typename: _type, votedOn, ...member } = record.member;
    // The subjects they voted on go with them (one ballot each, whichever unit asks); a target unit a release
    // behind cannot take them, so a member who voted in an open vote waits for it to be upgraded (UNIT_LACKS_INPUT).
    const input = {
      ...member,
      ...(votedOn?.length ? { votedOn } : {}),
      country: record.to,
      transferId: record.transferId,
      formerId: record.memberId,
    };
    const received = await steps.settle(RECEIVE, { input });
    const error = received.errors[0];
    if (error && REFUSALS.has(String(error.extensions?.code))) {
      await steps.settle(FAIL, { id: record.memberId, transferId: record.transferId, reason: error.message });
      throw passOn(error, { transferId: record.transferId, status: "FAILED" });
    }
    const movedTo = received.data?.receiveMember;
    if (error || !movedTo) return viewOf(record);
    crashPointReached(2);
    // The places to relink are the units admitted now and central; a unit a release behind records its own list.
    const completed = await steps.settleGiving(
      COMPLETE,
      { id: record.memberId, transferId: record.transferId, movedTo, places: null },
      { places: steps.places() },
    );
    if (!onlyLacksFields(completed.errors) && completed.errors.length) return viewOf(record);
    if (!completed.data?.completeMemberTransfer) return viewOf(record);
    record = completed.data.completeMemberTransfer;
  }
  const { memberId, movedTo, transferId } = record;
  if (record.step !== "MOVED" || !movedTo) return viewOf(record);
  // The unit they leave no longer counts them: the target does from now on (until then, each count had them once, in the unit they leave).
  // A target unit a release behind has no arrivals apart to settle: it counted the member from their arrival.
  const settled = await steps.settle(SETTLE_ARRIVAL, { id: movedTo });
  if (!onlyLacksFields(settled.errors) && (settled.errors.length || !settled.data)) return viewOf(record);
  crashPointReached(3);
  const done = await steps.fanOut(placesIn(record.pending), (place) =>
    place === "central"
      ? stepCall(RELINK.central, { from: memberId, to: movedTo })
      : stepCall(RELINK.unit, { unit: place, from: memberId, to: movedTo }),
  );
  crashPointReached(4);
  if (!done.length) return viewOf(record);
  const progressed = await steps.settle(PROGRESS, { id: memberId, transferId, done });
  return viewOf(progressed.data?.recordTransferProgress ?? record);
}

/** The member's shares as the target unit counts them (the member's unit reads theirs, central the two share prices). */
async function sharesFor(memberId: string, from: CountryCode, to: CountryCode, steps: StepRun): Promise<number> {
  const [member, prices] = await Promise.all([steps.run(SHARES, { id: memberId }), steps.run(PRICES, { from, to })]);
  const shares = member.member?.shares;
  if (shares == null) throw notFound(`No member ${memberId}.`);
  const fromPrice = prices.from?.sharePrice;
  const toPrice = prices.to?.sharePrice;
  if (!fromPrice || !toPrice)
    throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The central office gave no share price.", { unit: "central" });
  return sharesInTarget(shares, fromPrice, toPrice);
}

async function readRecord(memberId: string, steps: StepRun): Promise<TransferRecord | null> {
  // A unit a release behind lacks `votedOn`: it records no ballots to carry.
  return (await steps.runLacking(RECORD, { id: memberId })).memberTransferRecord;
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
