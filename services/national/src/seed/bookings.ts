import type pg from "pg";
import type { CountryCode } from "@smart/platform";
import { addDays, unitToday } from "../bookings/calendar.js";

/** Demo bookings span this many days before the unit's today, and after it. */
export const DEMO_BOOKING_DAYS = { past: 60, ahead: 30 } as const;

/**
 * Desk bookings of the unit's own members in its open workspaces, from 60 days
 * ago to 30 days ahead, so that occupancy and the dashboard show a real week's
 * rhythm: weekdays 30–85 % full, weekends under 15 %, further ahead thinner.
 * Deterministic for a given day (the counts are arithmetic on the day and the
 * workspace number, no random source), one statement; the booking trigger keeps
 * the seat counters, as for any booking. Each day's members are distinct.
 */
export async function insertDemoBookings(client: pg.PoolClient, unit: CountryCode, members: number): Promise<number> {
  if (members === 0) return 0;
  const today = unitToday(unit);
  const { rowCount } = await client.query(
    `WITH days AS (
       SELECT w.id AS workspace_id, substring(w.id FROM '[0-9]+$')::int AS w, w.capacity, d::date AS day,
              (d::date - $2::date) AS offset_days, (d::date - DATE '2000-01-01') AS n
         FROM workspace w, generate_series($3::date, $4::date, interval '1 day') d
        WHERE w.status = 'OPEN' AND d::date >= w.opened_on
     ), counts AS (
       SELECT days.*,
              LEAST($5::int, floor(capacity * (CASE WHEN extract(isodow FROM day) >= 6 THEN 0.02 + ((n * 7919 + w * 104729) % 13) / 100.0
                                                    ELSE 0.30 + ((n * 7919 + w * 104729) % 56) / 100.0 END)
                                  * (CASE WHEN offset_days > 0 THEN 1 - offset_days / 45.0 ELSE 1 END))::int) AS booked
         FROM days
     )
     INSERT INTO booking (id, workspace_id, day, member_id, idempotency_key, created_at)
     SELECT $1 || ':b' || row_number() OVER (ORDER BY day, workspace_id, s),
            workspace_id, day,
            $1 || ':m' || (1 + (n * 31 + w * 977 + s) % $5),
            'seed-' || workspace_id || '-' || day || '-' || s,
            day - interval '9 days'
       FROM counts, generate_series(1, booked) s`,
    [unit, today, addDays(today, -DEMO_BOOKING_DAYS.past), addDays(today, DEMO_BOOKING_DAYS.ahead), members],
  );
  const inserted = rowCount ?? 0;
  if (inserted > 0) await client.query("SELECT setval('booking_number_seq', $1)", [inserted]);
  return inserted;
}
