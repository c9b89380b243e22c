import { conflict, forbidden, notFound } from "@smart/platform";
import { QueryFailedError, type EntityManager } from "typeorm";
import type { SipCycleStatus } from "../entity/index.js";

/** The advisory lock namespace of a member ID's SIP rows (two-key locks: apart from the migrator's one-key lock). */
const MEMBER_LOCK_NAMESPACE = 5_170_001;

/**
 * Serialises a member's writes with their erasure and transfer at the central
 * office (`departMember`), for this transaction: a write under an ID that has
 * departed is refused, so none lands after the erasure or the transfer rewrote
 * that ID's rows.
 */
export async function lockCurrentMember(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [MEMBER_LOCK_NAMESPACE, memberId]);
  const departed: unknown[] = await manager.query(`SELECT 1 FROM sip_departed_member WHERE member_id = $1`, [memberId]);
  if (departed.length) throw forbidden(`${memberId} is no longer a current member under this ID.`);
}

/** Records that `memberId` no longer answers to it, under the member's lock (see lockCurrentMember). */
export async function departMember(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [MEMBER_LOCK_NAMESPACE, memberId]);
  await manager.query(`INSERT INTO sip_departed_member (member_id) VALUES ($1) ON CONFLICT DO NOTHING`, [memberId]);
}

export interface LockedGroup {
  id: string;
  cycleId: string;
  cityId: string;
  topic: string;
}

/**
 * The working group, its cycle share-locked for the transaction (closing the
 * cycle waits for it): NOT_FOUND when there is none, CONFLICT when its cycle is closed.
 */
export async function lockGroupOfOpenCycle(
  manager: EntityManager,
  workingGroupId: string,
  action: string,
): Promise<LockedGroup> {
  const [group] = await manager.query<(LockedGroup & { status: SipCycleStatus })[]>(
    `SELECT g.id, g.cycle_id AS "cycleId", g.city_id AS "cityId", g.topic, c.status
       FROM working_group g JOIN sip_cycle c ON c.id = g.cycle_id WHERE g.id = $1 FOR SHARE OF c`,
    [workingGroupId],
  );
  if (!group) throw notFound(`No working group ${workingGroupId}.`);
  if (group.status !== "OPEN")
    throw conflict(`The cycle of working group ${workingGroupId} is closed: no one can ${action} now.`);
  const { status: _status, ...locked } = group;
  return locked;
}

/** The cycle, share-locked for the transaction: NOT_FOUND when there is none, CONFLICT when it is closed. */
export async function lockOpenCycle(manager: EntityManager, cycleId: string, action: string): Promise<void> {
  const [cycle] = await manager.query<{ status: SipCycleStatus }[]>(
    `SELECT status FROM sip_cycle WHERE id = $1 FOR SHARE`,
    [cycleId],
  );
  if (!cycle) throw notFound(`No Smart In Progress cycle ${cycleId}.`);
  if (cycle.status !== "OPEN") throw conflict(`Cycle ${cycleId} is closed: no one can ${action} now.`);
}

/** The constraint a unique violation broke, or null for any other error. */
export function violatedUnique(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === "23505" ? (driverError.constraint ?? "") : null;
}

/** A trimmed text of 1 to `max` characters, or null. */
export function boundedText(text: string, max: number): string | null {
  const trimmed = text.trim();
  return trimmed.length >= 1 && trimmed.length <= max ? trimmed : null;
}
