import type { Booking, BookingStatus } from "../entity/index.js";

/**
 * The columns of `booking b` as bookings/ reads them. `day` goes out as text: node-postgres
 * would turn a `date` into a JavaScript Date at local midnight, a day off east of UTC.
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

/** Bookings matching `where` (over `booking b`), by date then ID. */
export async function selectBookings(db: Queryable, where: string, parameters: unknown[], suffix = "ORDER BY b.day, b.id"): Promise<Booking[]> {
  const rows = (await db.query(`SELECT ${BOOKING_COLUMNS} FROM booking b WHERE ${where} ${suffix}`, parameters)) as BookingSqlRow[];
  return rows.map(toBooking);
}
