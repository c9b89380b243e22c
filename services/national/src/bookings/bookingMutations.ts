import { QueryFailedError, type DataSource, type EntityManager } from "typeorm";
import { badUserInput, conflict, countryOfId, forbidden, notFound, type CountryCode } from "@smart/platform";
import { BookingEntity, WorkspaceEntity, type Booking } from "../entity/index.js";
import type { UnitData } from "../unitData.js";
import { checkOwnId } from "../unitScope.js";
import { checkMayBookFor, checkMayCancel, noBookingYouMaySee } from "./bookingAccess.js";
import { BOOKING_COLUMNS, toBooking, type BookingSqlRow } from "./bookingRows.js";
import { addDays, unitToday } from "./calendar.js";

/** A desk asked for: `workspaceId` on `date` for `memberId`, under the client's `idempotencyKey`. */
export interface BookingRequest {
  workspaceId: string;
  memberId: string;
  date: string;
  idempotencyKey: string;
}

/** How far ahead a desk can be booked, in days after today. */
export const BOOKING_HORIZON_DAYS = 90;

const UNIQUE_VIOLATION = "23505";
const CHECK_VIOLATION = "23514";

/** The Postgres error code and constraint name of a failed statement, if that is what `error` is. */
function pgError(error: unknown): { code?: string; constraint?: string } | null {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null;
}

const CONTROL_CHARACTERS = /\p{Cc}/u;

function checkIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > 200 || CONTROL_CHARACTERS.test(key)) {
    throw badUserInput("idempotencyKey: 1 to 200 characters, without control characters (a UUID is a good choice).", {
      argumentName: "idempotencyKey",
    });
  }
  return key;
}

/** Throws BAD_USER_INPUT unless `date` is from today to BOOKING_HORIZON_DAYS ahead, in the unit's time zone. */
function checkBookingDate(unit: CountryCode, date: string): void {
  const today = unitToday(unit);
  if (date < today) {
    throw badUserInput(`date ${date} is in the past: today is ${today} in the ${unit} unit.`, { argumentName: "date" });
  }
  const last = addDays(today, BOOKING_HORIZON_DAYS);
  if (date > last) {
    throw badUserInput(
      `date ${date} is too far ahead: desks can be booked up to ${BOOKING_HORIZON_DAYS} days ahead (until ${last}).`,
      {
        argumentName: "date",
      },
    );
  }
}

const findByKey = (db: DataSource | EntityManager, memberId: string, idempotencyKey: string): Promise<Booking | null> =>
  db.getRepository(BookingEntity).findOneBy({ memberId, idempotencyKey });

/** A repeated request: the first booking when it asked for the same desk, else a CONFLICT (a key names one booking). */
function replay(first: Booking, input: BookingRequest): Booking {
  if (first.workspaceId === input.workspaceId && first.date === input.date) return first;
  throw conflict(
    `idempotencyKey ${JSON.stringify(input.idempotencyKey)} was already used by ${input.memberId} for booking ${first.id} ` +
      `(${first.workspaceId} on ${first.date}); use a new key for a new booking.`,
  );
}

/** A current member of the unit: a person (no tombstone), who has not left. */
const CURRENT_PERSON = `moved_to IS NULL AND erased_at IS NULL AND status <> 'LEFT'`;

/** The same words whether the member never existed, was erased or left: a refusal tells no one's history. */
const noMember = (memberId: string, unit: CountryCode) =>
  notFound(`memberId: no member ${memberId} in the ${unit} unit.`);

/** The ID a member of this unit books under: their own, or the one they moved to; NOT_FOUND when they are no current member. */
export async function bookingMemberId(dataSource: DataSource, unit: CountryCode, memberId: string): Promise<string> {
  const [row] = await dataSource.query<{ moved_to: string | null; current: boolean }[]>(
    `SELECT moved_to, (${CURRENT_PERSON}) AS current FROM member WHERE id = $1`,
    [memberId],
  );
  if (row?.moved_to) return row.moved_to;
  if (!row?.current) throw noMember(memberId, unit);
  return memberId;
}

/**
 * `bookingMemberId` asked by the member themself, through the gateway, before they book in another unit's
 * workspace: that unit cannot tell who is a current member here. Anyone else is refused, so that it tells
 * no one whether another person is a member.
 */
export async function currentMemberId(
  memberId: string,
  {
    unit,
    viewer,
    dataSource,
    signedByGateway,
  }: Pick<UnitData, "unit" | "viewer" | "dataSource"> & { signedByGateway: boolean },
): Promise<string> {
  checkOwnId(unit, memberId, "id");
  if (!signedByGateway || viewer.role !== "member" || viewer.sub !== memberId)
    throw forbidden("A member's current ID is asked by the gateway, for the member themself.");
  return bookingMemberId(dataSource, unit, memberId);
}

/**
 * Books one desk for one day. Everything that can refuse is checked before or
 * inside one transaction; the INSERT is the only write, and the seat counter
 * (trigger + CHECK, see the Bookings migration) refuses it when the day is full,
 * so a refused booking leaves nothing behind and no race can overbook.
 */
export async function bookWorkspace(
  request: BookingRequest,
  { unit, viewer, dataSource }: Pick<UnitData, "unit" | "viewer" | "dataSource">,
): Promise<Booking> {
  checkOwnId(unit, request.workspaceId, "workspaceId");
  checkMayBookFor(viewer, unit, request.memberId);
  const key = checkIdempotencyKey(request.idempotencyKey);
  // A member of this unit books as the person they are now: under their new ID once moved on; erased, left or unknown, NOT_FOUND.
  const input =
    countryOfId(request.memberId) === unit
      ? { ...request, memberId: await bookingMemberId(dataSource, unit, request.memberId) }
      : request;

  // A repeat answers as the first request did, even once the day has passed.
  const earlier = await findByKey(dataSource, input.memberId, key);
  if (earlier) return replay(earlier, input);
  checkBookingDate(unit, input.date);

  try {
    return await dataSource.transaction(async (manager) => {
      // FOR SHARE: a workspace being closed waits for the bookings already under way, and the other way round.
      const workspace = await manager
        .getRepository(WorkspaceEntity)
        .findOne({ where: { id: input.workspaceId }, lock: { mode: "pessimistic_read" } });
      if (!workspace) throw notFound(`No workspace ${input.workspaceId} in the ${unit} unit.`);
      if (workspace.status !== "OPEN") {
        throw conflict(
          `Workspace ${input.workspaceId} is ${workspace.status.toLowerCase()}: it takes no bookings until it opens again.`,
        );
      }
      if (countryOfId(input.memberId) === unit) {
        // Under the member's row lock: an erasure or a move out in between waits for this booking, or this one for it.
        const [current] = await manager.query<unknown[]>(
          `SELECT 1 FROM member WHERE id = $1 AND ${CURRENT_PERSON} FOR SHARE`,
          [input.memberId],
        );
        if (!current) throw noMember(input.memberId, unit);
      }
      // ON CONFLICT on the key: a racing repeat waits here for the first one to commit, then inserts nothing.
      const inserted = await manager.query<BookingSqlRow[]>(
        `INSERT INTO booking AS b (id, workspace_id, member_id, day, idempotency_key)
         VALUES ($1 || ':b' || nextval('booking_number_seq'), $2, $3, $4, $5)
         ON CONFLICT (member_id, idempotency_key) DO NOTHING
         RETURNING ${BOOKING_COLUMNS}`,
        [unit, input.workspaceId, input.memberId, input.date, key],
      );
      if (inserted[0]) return toBooking(inserted[0]);
      return replay((await findByKey(manager, input.memberId, key))!, input);
    });
  } catch (error) {
    const pg = pgError(error);
    if (pg?.code === CHECK_VIOLATION && pg.constraint === "workspace_day_within_capacity") {
      throw conflict(`Workspace ${input.workspaceId} is full on ${input.date}: every desk is booked.`);
    }
    if (pg?.code === UNIQUE_VIOLATION) {
      // Two repeats can pass ON CONFLICT's check together; the loser trips the other unique index. Same answer as a repeat.
      const first = await findByKey(dataSource, input.memberId, key);
      if (first) return replay(first, input);
      const sameDay = await dataSource
        .getRepository(BookingEntity)
        .findOneBy({ memberId: input.memberId, workspaceId: input.workspaceId, date: input.date, status: "CONFIRMED" });
      throw conflict(
        `${input.memberId} already has a desk in ${input.workspaceId} on ${input.date}${sameDay ? ` (booking ${sameDay.id})` : ""}: one booking per member, workspace and day.`,
      );
    }
    throw error;
  }
}

/**
 * Cancels a booking before its day, freeing its desk (the trigger gives the seat
 * back in the same statement). Cancelling a cancelled booking returns it as it is.
 */
export async function cancelBooking(
  id: string,
  { unit, viewer, dataSource }: Pick<UnitData, "unit" | "viewer" | "dataSource">,
): Promise<Booking> {
  checkOwnId(unit, id, "id");
  // Who may cancel is checked before any lock: a caller who may not cannot hold the row.
  const seen = await dataSource.getRepository(BookingEntity).findOneBy({ id });
  if (!seen) throw noBookingYouMaySee(id, unit);
  checkMayCancel(viewer, unit, id, seen.memberId);
  return dataSource.transaction(async (manager) => {
    // The member booked never changes: the check above still holds under the lock.
    const booking = await manager
      .getRepository(BookingEntity)
      .findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
    if (!booking) throw noBookingYouMaySee(id, unit);
    if (booking.status === "CANCELLED") return booking;
    const today = unitToday(unit);
    if (booking.date <= today) {
      throw conflict(
        `Booking ${id} is for ${booking.date}: a booking can be cancelled until the day before (today is ${today} in the ${unit} unit).`,
      );
    }
    const [row] = await manager.query<BookingSqlRow[]>(
      `WITH b AS (UPDATE booking SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1 RETURNING *)
       SELECT ${BOOKING_COLUMNS} FROM b`,
      [id],
    );
    return toBooking(row!);
  });
}
