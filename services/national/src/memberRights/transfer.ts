import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import {
  badUserInput,
  conflict,
  countryOfId,
  forbidden,
  notFound,
  type CountryCode,
  type Language,
  type Viewer,
} from "@smart/platform";
import type { MemberCategory, MemberStatus } from "../entity/index.js";
import { memberNameColumns } from "../entity/nameKeys.js";
import type { NationalContext } from "../context.js";
import { checkOwnCountry, checkOwnId } from "../unitScope.js";
import { checkShares } from "../members/memberInput.js";
import { addMember, EmailTaken } from "../members/memberMutations.js";
import { actorOf } from "./personalReads.js";
import { isRetryWorker } from "../access/accessPolicy.js";
import { placesToDo } from "./places.js";
import { recordVotedOn } from "../vote/ballots.js";

export type TransferStep = "REQUESTED" | "MOVED" | "DONE" | "FAILED";

/** What the target unit is asked to register (GraphQL `ArrivingMemberInput`). */
export interface ArrivingMemberInput {
  country: CountryCode;
  transferId: string;
  formerId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  category: MemberCategory;
  status: MemberStatus;
  shares: number;
  cityId?: string | null;
  activeIn: readonly CountryCode[];
  joinedOn: string;
  preferredLanguage?: Language | null;
  /** The subjects they voted on in the unit they leave. */
  votedOn?: readonly string[] | null;
}

/** The member as they leave: what the target unit registers (`member_transfer.snapshot`). */
export interface TransferredMember {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  category: MemberCategory;
  status: MemberStatus;
  shares: number;
  cityId: string | null;
  activeIn: CountryCode[];
  joinedOn: string;
  preferredLanguage: Language | null;
  /** The subjects they voted on here (a ballot counted or pending): one ballot each wherever they live. */
  votedOn?: string[];
}

export interface MemberTransferRow {
  transferId: string;
  memberId: string;
  to: CountryCode;
  step: TransferStep;
  movedTo: string | null;
  pending: string[];
  failure: string | null;
  requestedAt: Date;
  /** Until the target holds them (or refused them). */
  member: TransferredMember | null;
}

type Queryable = Pick<EntityManager, "query">;

/** Staff of the member's unit and the central office (as for an erasure). */
const mayTransfer = (viewer: Viewer, memberUnit: CountryCode | null) =>
  viewer.role === "central_office" || (viewer.role === "unit_staff" && viewer.unit === memberUnit);

/** Who may take the steps of a transfer already begun: those who may begin one, and the gateway's retry worker resuming it. */
export const mayContinue = (viewer: Viewer, memberUnit: CountryCode | null) =>
  mayTransfer(viewer, memberUnit) || isRetryWorker(viewer);

const refuse = () =>
  forbidden("Only staff of the member's unit and the central office may move a member to another unit.");
const gatewayOnly = () => forbidden("Members are moved between units by the gateway's transfer only.");

/** What a tombstone's name becomes, with its stored keys. */
const MOVED_NAME = memberNameColumns("Moved", "member");

const TRANSFER_COLUMNS = `id, member_id, target, step, moved_to, pending, failure, requested_at, snapshot`;

/**
 * Step 1: records the transfer with the member as they leave and marks them as
 * moving, in one transaction under the member's row lock. An open transfer is
 * returned as it stands (whoever resumes continues it); a member who left, was
 * erased or is permanent staff is refused, and nothing is written.
 */
export async function beginMemberTransfer(
  id: string,
  to: CountryCode,
  shares: number,
  cityId: string | null | undefined,
  context: NationalContext,
): Promise<MemberTransferRow> {
  checkOwnId(context.unit, id, "id");
  // The gateway's step only: it works out the shares by the two units' share prices; a direct caller would choose them.
  if (!context.signedByGateway) throw gatewayOnly();
  if (!mayTransfer(context.viewer, context.unit)) throw refuse();
  if (to === context.unit) throw badUserInput(`to: ${id} already belongs to the ${to} unit.`, { argumentName: "to" });
  if (cityId != null && countryOfId(cityId) !== to)
    throw badUserInput(`cityId: ${JSON.stringify(cityId.slice(0, 60))} is not a city of the ${to} unit.`, {
      argumentName: "cityId",
    });
  checkShares(shares);
  return context.dataSource.transaction(async (manager) => {
    const [member] = await manager.query<
      {
        first_name: string;
        last_name: string;
        email: string;
        phone: string | null;
        category: MemberCategory;
        status: MemberStatus;
        active_in: CountryCode[];
        joined_on: string;
        preferred_language: Language | null;
        erased_at: Date | null;
        moved_to: string | null;
      }[]
    >(
      `SELECT first_name, last_name, email, phone, category, status, active_in, joined_on::text AS joined_on, preferred_language, erased_at, moved_to
       FROM member WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!member) throw notFound(`No member ${id}.`);
    const open = await latestTransfer(manager, id, true);
    if (open) return open;
    const latest = await latestTransfer(manager, id, false);
    // A second request that lost the race to a transfer that has since completed: the same answer.
    if (member.moved_to && latest?.step === "DONE" && latest.to === to) return latest;
    if (member.moved_to) throw conflict(`${id} has already moved: they are ${member.moved_to} now. Move that ID.`);
    if (member.erased_at || member.status === "LEFT")
      throw badUserInput(`${id} has left the cooperative; only a member may move to another unit.`, {
        argumentName: "memberId",
      });
    if (member.category === "B") {
      throw badUserInput(
        `${id} is permanent staff (category B) of the ${context.unit} unit: staff join another unit by a contract with it, not by a transfer.`,
        {
          argumentName: "memberId",
        },
      );
    }
    // Under the member's row lock: a ballot begun here before is in the list, and none is begun after (beginBallot).
    const voted = await manager.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM member_ballot WHERE member_id = $1 AND state <> 'VOID' ORDER BY subject_id`,
      [id],
    );
    const snapshot: TransferredMember = {
      firstName: member.first_name,
      lastName: member.last_name,
      email: member.email,
      phone: member.phone,
      category: member.category,
      status: member.status,
      shares,
      cityId: cityId ?? null,
      activeIn: member.active_in.filter((code) => code !== to),
      joinedOn: member.joined_on,
      preferredLanguage: member.preferred_language,
      votedOn: voted.map((row) => row.subject_id),
    };
    await manager.query(
      `INSERT INTO member_transfer (id, member_id, target, step, snapshot, requested_by) VALUES ($1, $2, $3, 'REQUESTED', $4, $5)`,
      [randomUUID(), id, to, JSON.stringify(snapshot), actorOf(context.viewer).actor],
    );
    return (await latestTransfer(manager, id, true))!;
  });
}

/**
 * Step 2, in the target unit: registers the arriving member, once per transfer.
 * The transfer's row in `member_arrival` is written with the member in one
 * transaction, so a repeat (a resumed transfer) finds it and answers the same ID.
 * A rule of this unit that refuses them (an email already registered here, an
 * unknown city) is BAD_USER_INPUT or CONFLICT, and nothing is written.
 */
export async function receiveMember(input: ArrivingMemberInput, context: NationalContext): Promise<string> {
  checkOwnCountry(context.unit, input.country);
  const from = countryOfId(input.formerId);
  if (!context.signedByGateway || !mayContinue(context.viewer, from)) throw gatewayOnly();
  if (from === context.unit)
    throw badUserInput(`formerId: ${input.formerId} is already a member of the ${context.unit} unit.`, {
      argumentName: "formerId",
    });
  const transferId = checkTransferId(input.transferId);
  try {
    return await context.dataSource.transaction(async (manager) => {
      // Two resumers at once: the second waits here, then finds the first one's member.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [transferId]);
      const [arrived] = await manager.query<{ member_id: string }[]>(
        `SELECT member_id FROM member_arrival WHERE transfer_id = $1`,
        [transferId],
      );
      if (arrived) return arrived.member_id;
      const cityId =
        input.cityId ?? (await manager.query<{ id: string }[]>(`SELECT id FROM city ORDER BY id LIMIT 1`))[0]?.id ?? "";
      const { id } = await addMember(manager, context.unit, { ...input, cityId });
      await recordVotedOn(manager, id, input.votedOn ?? []);
      await manager.query(`INSERT INTO member_arrival (transfer_id, member_id, former_id) VALUES ($1, $2, $3)`, [
        transferId,
        id,
        input.formerId,
      ]);
      return id;
    });
  } catch (error) {
    // The one rule that reads other members: its refusal names none of them, nor the address.
    if (error instanceof EmailTaken) {
      throw conflict(
        `The ${context.unit} unit cannot register this member: their email address is in use there. The member may change it, or ask the ${context.unit} unit.`,
      );
    }
    throw error;
  }
}

/**
 * Step 3: the member's row becomes a tombstone pointing to `movedTo` (their
 * personal data went with them, so an erasure where they live now leaves none
 * here; join date, shares and category stay for the share register; status
 * LEFT) and the transfer records the places whose bookings still name the old
 * ID (`places`, as the gateway names the graph's units and central, else the
 * default places), forgetting the member as they left. One transaction; repeating it changes nothing.
 */
export async function completeMemberTransfer(
  id: string,
  transferId: string,
  movedTo: string,
  places: readonly string[] | null | undefined,
  context: NationalContext,
): Promise<MemberTransferRow> {
  checkOwnId(context.unit, id, "id");
  if (!context.signedByGateway || !mayContinue(context.viewer, context.unit)) throw gatewayOnly();
  const pending = placesToDo(places);
  return context.dataSource.transaction(async (manager) => {
    const transfer = await lockedTransfer(manager, id, transferId);
    if (transfer.step === "FAILED") throw conflict(`The transfer of ${id} failed: ${transfer.failure}`);
    if (transfer.step !== "REQUESTED") return transfer;
    if (countryOfId(movedTo) !== transfer.to)
      throw badUserInput(`movedTo: ${movedTo} is not an ID of the ${transfer.to} unit.`, { argumentName: "movedTo" });
    await manager.query(
      `UPDATE member SET first_name = $2, last_name = $3, name_key = $4, search_name = $5, email = $6, phone = NULL, status = 'LEFT', active_in = '{}',
         moved_to = $7, moved_at = now()
       WHERE id = $1 AND moved_to IS NULL`,
      [
        id,
        MOVED_NAME.firstName,
        MOVED_NAME.lastName,
        MOVED_NAME.nameKey,
        MOVED_NAME.searchName,
        `${id.replace(":", ".")}@moved.invalid`,
        movedTo,
      ],
    );
    await manager.query(
      `UPDATE member_transfer SET step = 'MOVED', moved_to = $2, pending = $3, snapshot = NULL WHERE id = $1`,
      [transferId, movedTo, pending],
    );
    return (await latestTransfer(manager, id, false))!;
  });
}

/** The target refused the member: the transfer is FAILED and the member no longer moving (nothing else had changed). */
export async function failMemberTransfer(
  id: string,
  transferId: string,
  reason: string,
  context: NationalContext,
): Promise<MemberTransferRow> {
  checkOwnId(context.unit, id, "id");
  if (!context.signedByGateway || !mayContinue(context.viewer, context.unit)) throw gatewayOnly();
  return context.dataSource.transaction(async (manager) => {
    const transfer = await lockedTransfer(manager, id, transferId);
    if (transfer.step === "REQUESTED") {
      await manager.query(
        `UPDATE member_transfer SET step = 'FAILED', failure = $2, completed_at = now(), snapshot = NULL WHERE id = $1`,
        [transferId, reason.slice(0, 1000)],
      );
    } else if (transfer.step !== "FAILED") {
      throw conflict(
        `The transfer of ${id} is past the point where it can fail: the member lives in the ${transfer.to} unit.`,
      );
    }
    return (await latestTransfer(manager, id, false))!;
  });
}

/** Marks places of a transfer's relinking done; the last one completes the transfer. */
export async function recordTransferProgress(
  id: string,
  transferId: string,
  done: readonly string[],
  context: NationalContext,
): Promise<MemberTransferRow> {
  checkOwnId(context.unit, id, "id");
  if (!context.signedByGateway || !mayContinue(context.viewer, context.unit)) throw gatewayOnly();
  await context.dataSource.query(
    `UPDATE member_transfer SET pending = p.left_over, step = CASE WHEN cardinality(p.left_over) = 0 THEN 'DONE' ELSE step END,
       completed_at = CASE WHEN cardinality(p.left_over) = 0 THEN coalesce(completed_at, now()) END
     FROM (SELECT coalesce(array_agg(t) FILTER (WHERE NOT t = ANY($3::text[])), '{}') AS left_over
           FROM member_transfer e, unnest(e.pending) t WHERE e.id = $2) p
     WHERE id = $2 AND member_id = $1 AND step = 'MOVED'`,
    [id, checkTransferId(transferId), done],
  );
  const row = await latestTransfer(context.dataSource.manager, id, false);
  if (!row || row.transferId !== transferId) throw notFound(`No transfer ${transferId} of member ${id}.`);
  return row;
}

/**
 * In this unit's workspaces, the bookings of a member who moved name their new
 * ID. Idempotent: a repeat finds none left. Status, day and workspace stay, so no
 * availability changes. Only on the gateway's signed call.
 */
export async function relinkMemberBookings(
  unit: CountryCode,
  from: string,
  to: string,
  context: NationalContext,
): Promise<number> {
  checkOwnCountry(context.unit, unit);
  if (!context.signedByGateway || !mayContinue(context.viewer, countryOfId(from))) throw gatewayOnly();
  if (!countryOfId(to) || countryOfId(to) === countryOfId(from))
    throw badUserInput(`to: ${to} is not a member ID of another unit.`, { argumentName: "to" });
  const [, count] = await context.dataSource.query<[unknown, number]>(
    `UPDATE booking SET member_id = $2 WHERE member_id = $1`,
    [from, to],
  );
  return count ?? 0;
}

export async function memberTransferRecord(id: string, context: NationalContext): Promise<MemberTransferRow | null> {
  checkOwnId(context.unit, id, "id");
  if (!mayContinue(context.viewer, context.unit))
    throw forbidden("Only staff of the member's unit and the central office may see a member's transfer.");
  return latestTransfer(context.dataSource.manager, id, false);
}

/** Erasures and transfers still open in this unit: what the gateway's retry worker resumes (on its signed call). */
export async function memberRightsBacklog(country: CountryCode | null | undefined, context: NationalContext) {
  checkOwnCountry(context.unit, country);
  if (!context.signedByGateway || !isRetryWorker(context.viewer))
    throw forbidden("The backlog is the gateway's retry worker's own.");
  const rows = await context.dataSource.query<{ kind: "ERASURE" | "TRANSFER"; member_id: string }[]>(
    `SELECT 'ERASURE' AS kind, member_id FROM member_erasure WHERE completed_at IS NULL
     UNION ALL SELECT 'TRANSFER', member_id FROM member_transfer WHERE step IN ('REQUESTED', 'MOVED')
     ORDER BY 1, 2 LIMIT 1000`,
  );
  return rows.map((row) => ({ kind: row.kind, memberId: row.member_id }));
}

function checkTransferId(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value))
    throw badUserInput(`transferId: not a transfer's ID.`, { argumentName: "transferId" });
  return value;
}

async function lockedTransfer(manager: Queryable, id: string, transferId: string): Promise<MemberTransferRow> {
  const [row] = await manager.query<TransferSqlRow[]>(
    `SELECT ${TRANSFER_COLUMNS} FROM member_transfer WHERE id = $1 AND member_id = $2 FOR UPDATE`,
    [checkTransferId(transferId), id],
  );
  if (!row) throw notFound(`No transfer ${transferId} of member ${id}.`);
  return rowOf(row);
}

async function latestTransfer(manager: Queryable, id: string, openOnly: boolean): Promise<MemberTransferRow | null> {
  const [row] = await manager.query<TransferSqlRow[]>(
    `SELECT ${TRANSFER_COLUMNS} FROM member_transfer WHERE member_id = $1 ${openOnly ? `AND step IN ('REQUESTED', 'MOVED')` : ""} ORDER BY requested_at DESC, id LIMIT 1`,
    [id],
  );
  return row ? rowOf(row) : null;
}

interface TransferSqlRow {
  id: string;
  member_id: string;
  target: CountryCode;
  step: TransferStep;
  moved_to: string | null;
  pending: string[];
  failure: string | null;
  requested_at: Date;
  snapshot: TransferredMember | null;
}

const rowOf = (row: TransferSqlRow): MemberTransferRow => ({
  transferId: row.id,
  memberId: row.member_id,
  to: row.target,
  step: row.step,
  movedTo: row.moved_to,
  pending: row.pending,
  failure: row.failure,
  requestedAt: row.requested_at,
  member: row.snapshot,
});
