import { badUserInput, notFound, type Viewer } from "@smart/platform";
import {
  EraseMemberRecordDocument,
  MemberErasureDocument,
  RecordErasureProgressDocument,
  UnlinkMemberBookingsDocument,
  type ErasureRecordFieldsFragment,
} from "../__generated__/national-operations.js";
import { PseudonymiseMemberDocument } from "../__generated__/central-operations.js";
import type { ErasureReceipt as ErasureReceiptType } from "../__generated__/member-rights-types.js";
import {
  centralStep,
  placesIn,
  stepCall,
  unitStep,
  type CrossUnitOperation,
  type StepRun,
} from "../stepRunner/index.js";
import type { MemberRightsContext } from "./context.js";
import { checkMayActOnMember } from "./access.js";

/** What `eraseMember` and `erasureStatus` answer. */
export type ErasureReceipt = Omit<ErasureReceiptType, "__typename">;

/** The member's unit's record of an erasure, as the steps read it. */
type ErasureRecord = ErasureRecordFieldsFragment;

const ERASE = unitStep(EraseMemberRecordDocument);
const PROGRESS = unitStep(RecordErasureProgressDocument);
const RECORD = unitStep(MemberErasureDocument);
const UNLINK = { unit: unitStep(UnlinkMemberBookingsDocument), central: centralStep(PseudonymiseMemberDocument) };

function checkMayErase(viewer: Viewer, memberId: string): void {
  checkMayActOnMember(viewer, memberId, {
    signIn: "Sign in to erase a member.",
    refusal: "Only staff of the member's unit and the central office may erase a member or see an erasure.",
  });
}

/**
 * 1. the member's unit replaces the personal fields and records the erasure with
 *    every place still to do: the units admitted now and central, as the gateway
 *    names them (one transaction; nothing happens if it is down);
 * 2. each place pending unlinks the member's bookings (units) or pseudonymises
 *    the SIP records (central), idempotently, in parallel;
 * 3. the member's unit records the places done. A place that failed stays
 *    pending; calling again resumes from the record.
 */
export async function eraseMember(
  memberId: string,
  reason: string,
  { viewer, steps }: MemberRightsContext,
): Promise<ErasureReceipt> {
  checkMayErase(viewer, memberId);
  const trimmed = reason.trim();
  if (!trimmed || trimmed.length > 500)
    throw badUserInput("reason: say why, in 1 to 500 characters.", { argumentName: "reason" });
  // A unit a release behind does not take the places: it records its own list.
  const { eraseMemberRecord: record } = await steps.runGiving(
    ERASE,
    { id: memberId, reason: trimmed, places: null },
    { places: steps.places() },
  );
  return continueErasure(memberId, record, steps);
}

export async function erasureStatus(memberId: string, { viewer, steps }: MemberRightsContext): Promise<ErasureReceipt> {
  checkMayErase(viewer, memberId);
  const { memberErasure: record } = await steps.run(RECORD, { id: memberId });
  if (!record) throw notFound(`No erasure of member ${memberId}.`);
  return receiptOf(record, steps);
}

/**
 * The erasure, as the step runner prices and resumes it: from its record, the
 * places still pending, then the progress. Never begun by a resume: the record was
 * written, with the member's personal fields replaced, by `eraseMember`.
 */
export const ERASURE: CrossUnitOperation<ErasureReceipt> = {
  kind: "ERASURE",
  fields: {
    eraseMember: [ERASE, UNLINK, PROGRESS],
    erasureStatus: [RECORD],
  },
  async resume(memberId, steps) {
    const { memberErasure: record } = await steps.run(RECORD, { id: memberId });
    return record ? continueErasure(memberId, record, steps) : null;
  },
};

/** Steps 2 and 3, from `record`: each place pending, then the progress. */
async function continueErasure(memberId: string, record: ErasureRecord, steps: StepRun): Promise<ErasureReceipt> {
  if (!record.pending.length) return receiptOf(record, steps);
  const { pseudonym } = record;
  const done = await steps.fanOut(placesIn(record.pending), (place) =>
    place === "central"
      ? stepCall(UNLINK.central, { id: memberId, pseudonym })
      : stepCall(UNLINK.unit, { unit: place, id: memberId, pseudonym }),
  );
  if (!done.length) return receiptOf(record, steps);
  return receiptOf((await steps.run(PROGRESS, { id: memberId, done })).recordErasureProgress, steps);
}

/** The receipt: done, every place of the graph now that is not pending (the record keeps what is left to do). */
function receiptOf(record: ErasureRecord, steps: StepRun): ErasureReceipt {
  const pending = placesIn(record.pending);
  return {
    memberId: record.memberId,
    status: pending.length ? "PENDING" : "DONE",
    units: steps.places().filter((place) => !pending.includes(place)),
    pendingUnits: pending,
    requestedAt: record.requestedAt,
  };
}
