import { EntitySchema } from "typeorm";

export type BookingStatus = "CONFIRMED" | "CANCELLED";

/**
 * One desk in one of the unit's workspaces for one day (GraphQL `Booking`).
 * `memberId` may name a member of another unit.
 */
export interface Booking {
  id: string;
  workspaceId: string;
  memberId: string;
  /** ISO date, `YYYY-MM-DD` (column `day`). */
  date: string;
  status: BookingStatus;
  idempotencyKey: string;
  createdAt: Date;
  cancelledAt: Date | null;
}

/**
 * Mapped for reads and tests; bookings are written by SQL in bookings/ (the
 * counter trigger and the ON CONFLICT handling live there, not in TypeORM's save).
 */
export const BookingEntity = new EntitySchema<Booking>({
  name: "Booking",
  tableName: "booking",
  columns: {
    id: { type: "text", primary: true },
    workspaceId: { type: "text", name: "workspace_id" },
    memberId: { type: "text", name: "member_id" },
    date: { type: "date", name: "day" },
    status: { type: "text" },
    idempotencyKey: { type: "text", name: "idempotency_key" },
    createdAt: { type: "timestamptz", name: "created_at" },
    cancelledAt: { type: "timestamptz", name: "cancelled_at", nullable: true },
  },
});
