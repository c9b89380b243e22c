import { Between, LessThanOrEqual, MoreThanOrEqual, type FindOptionsWhere } from "typeorm";
import type { Booking, BookingStatus } from "../entity/index.js";

/**
 * Bookings are read through `BookingEntity`; two writes are SQL (the insert with
 * ON CONFLICT, the cancelling UPDATE), and these read back what they RETURNING.
 * `day` goes out as text: node-postgres would turn a `date` into a JavaScript
 * Date at local midnight, a day off east of UTC.
 */
export const BOOKING_COLUMNS = `b.id, b.workspace_id, b.member_id, to_char(b.day, 'YYYY-MM-DD') AS day, b.status, b.idempotency_key, b.created_at, b.cancelled_at`;

export interface BookingSqlRow {
  id: string;
  workspace_id: string;
  member_id: string;
  day: string;
  status: BookingStatus;
  idempotency_key: string;
  created_at: Date;
  cancelled_at: Date | null;
}

export function toBooking(row: BookingSqlRow): Booking {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    memberId: row.member_id,
    date: row.day,
    status: row.status,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
  };
}

/** Something that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Bookings by day, then ID: the order of every booking list. */
export const BOOKING_ORDER = { date: "ASC", id: "ASC" } as const;

/** The condition on `Booking.date` for `from`…`to`, both included (null: unbounded on that side). */
export function withinDays(from: string | null, to: string | null): FindOptionsWhere<Booking> {
  if (from != null && to != null) return { date: Between(from, to) };
  if (from != null) return { date: MoreThanOrEqual(from) };
  if (to != null) return { date: LessThanOrEqual(to) };
  return {};
}
