import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { countryOfId, forbidden, notFound, type CountryCode, type Viewer } from "@smart/platform";
import { memberNameColumns } from "../entity/nameKeys.js";
import type { NationalContext } from "../context.js";
import { checkOwnCountry, checkOwnId } from "../unitScope.js";
import { actorOf } from "./personalReads.js";
import { checkNotMoving } from "./moving.js";
import { isRetryWorker } from "../access/accessPolicy.js";
import { placesToDo } from "./places.js";

export interface MemberErasureRow {
  memberId: string;
  pseudonym: string;
  pending: string[];
  requestedAt: Date;
  completedAt: Date | null;
}

/** Staff of the member's unit and the central office. */
const mayErase = (viewer: Viewer, memberUnit: CountryCode | null) =>
  viewer.role === "central_office" || (viewer.role === "unit_staff" && viewer.unit === memberUnit);

/** Who may take the steps of an erasure already begun: those who may erase, and the gateway's retry worker resuming it. */
const mayContinue = (viewer: Viewer, memberUnit: CountryCode | null) =>
  mayErase(viewer, memberUnit) || isRetryWorker(viewer);

/** Every step of an erasure is the gateway's (`eraseMember`), which carries it out everywhere: never a caller's own call to the unit, whatever their token. */
const gatewayOnly = () => forbidden("Members are erased by the gateway's eraseMember only.");

/** What an erased member's name becomes, with its stored keys. */
const ERASED_NAME = memberNameColumns("Erased", "member");

/**
 * Replaces every personal field of the member in one transaction and records
 * the erasure with what is left to do everywhere: `places` (the gateway names
 * the graph's units and central), else the default places. Repeating it changes
 * nothing and returns the same record (the places first recorded stand).
 */
export async function eraseMemberRecord(
  id: string,
  reason: string,
  places: readonly string[] | null | undefined,
  context: NationalContext,
): Promise<MemberErasureRow> {
  checkOwnId(context.unit, id, "id");
  if (!context.signedByGateway) throw gatewayOnly();
  if (!mayErase(context.viewer, context.unit))
    throw forbidden("Only staff of the member's unit and the central office may erase a member.");
  const pending = placesToDo(places);
  return context.dataSource.transaction(async (manager) => {
    const [member] = await manager.query<{ id: string }[]>(`SELECT id FROM member WHERE id = $1 FOR UPDATE`, [id]);
    if (!member) throw notFound(`No member ${id}.`);
    const [erased] = await manager.query<unknown[]>(`SELECT 1 FROM member_erasure WHERE member_id = $1`, [id]);
    if (!erased) await checkNotMoving(manager, id);
    const pseudonym = `${context.unit}:erased-${randomUUID()}`;
    await manager.query(
      `INSERT INTO member_erasure (member_id, pseudonym, reason, requested_by, pending) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id) DO NOTHING`,
      [id, pseudonym, reason, actorOf(context.viewer).actor, pending],
    );
    const [record] = await manager.query<{ pseudonym: string }[]>(
      `SELECT pseudonym FROM member_erasure WHERE member_id = $1`,
      [id],
    );
    await manager.query(
      `UPDATE member SET first_name = $2, last_name = $3, name_key = $4, search_name = $5, email = $6, phone = NULL,
         active_in = '{}', status = 'LEFT', erased_at = now()
       WHERE id = $1 AND erased_at IS NULL`,
      [
        id,
        ERASED_NAME.firstName,
        ERASED_NAME.lastName,
        ERASED_NAME.nameKey,
        ERASED_NAME.searchName,
        `${record!.pseudonym.replace(":", ".")}@erased.invalid`,
      ],
    );
    return (await selectErasure(manager, id))!;
  });
}

/** Marks places done (a unit's bookings, central); the last one completes the erasure. */
export async function recordErasureProgress(
  id: string,
  done: readonly string[],
  context: NationalContext,
): Promise<MemberErasureRow> {
  checkOwnId(context.unit, id, "id");
  // Unsigned, a unit's own staff could mark places done that still hold the member (a booking in FR) and the worker would never return to them.
  if (!context.signedByGateway) throw gatewayOnly();
  if (!mayContinue(context.viewer, context.unit))
    throw forbidden("Only staff of the member's unit and the central office may erase a member.");
  await context.dataSource.query(
    `UPDATE member_erasure SET pending = p.left_over, completed_at = CASE WHEN cardinality(p.left_over) = 0 THEN coalesce(completed_at, now()) END
     FROM (SELECT coalesce(array_agg(t) FILTER (WHERE NOT t = ANY($2::text[])), '{}') AS left_over FROM member_erasure e, unnest(e.pending) t WHERE e.member_id = $1) p
     WHERE member_id = $1`,
    [id, done],
  );
  const row = await selectErasure(context.dataSource.manager, id);
  if (!row) throw notFound(`No erasure of member ${id}.`);
  return row;
}

export async function memberErasure(id: string, context: NationalContext): Promise<MemberErasureRow | null> {
  checkOwnId(context.unit, id, "id");
  if (!mayContinue(context.viewer, context.unit))
    throw forbidden("Only staff of the member's unit and the central office may see an erasure.");
  return selectErasure(context.dataSource.manager, id);
}

/**
 * In this unit's workspaces, the member's bookings lose their link to the
 * person: the member's ID becomes the erasure's pseudonym. Status, day and
 * workspace stay, so the seat stays taken and availability does not change.
 * Only on the gateway's signed call (it checked the caller against the member's unit).
 */
export async function unlinkMemberBookings(
  unit: CountryCode,
  memberId: string,
  pseudonym: string,
  context: NationalContext,
): Promise<number> {
  checkOwnCountry(context.unit, unit);
  if (!context.signedByGateway || !mayContinue(context.viewer, memberUnitOf(memberId)))
    throw forbidden("Bookings are unlinked by the gateway's erasure only.");
  if (!/^[A-Z]{2}:erased-[0-9a-f-]{36}$/.test(pseudonym)) throw forbidden("Not an erasure's pseudonym.");
  const [, count] = await context.dataSource.query<[unknown, number]>(
    `UPDATE booking SET member_id = $2 WHERE member_id = $1`,
    [memberId, pseudonym],
  );
  return count ?? 0;
}

const memberUnitOf = (id: string): CountryCode | null => countryOfId(id);

async function selectErasure(manager: Pick<EntityManager, "query">, id: string): Promise<MemberErasureRow | null> {
  const [row] = await manager.query<
    {
      member_id: string;
      pseudonym: string;
      pending: string[];
      requested_at: Date;
      completed_at: Date | null;
    }[]
  >(`SELECT member_id, pseudonym, pending, requested_at, completed_at FROM member_erasure WHERE member_id = $1`, [id]);
  return row
    ? {
        memberId: row.member_id,
        pseudonym: row.pseudonym,
        pending: row.pending,
        requestedAt: row.requested_at,
        completedAt: row.completed_at,
      }
    : null;
}
