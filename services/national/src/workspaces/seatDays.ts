import type { DataSource } from "typeorm";
import { badUserInput } from "@smart/platform";
import { daysBetween } from "../bookings/calendar.js";

/** Longest range the seat-day totals answer: a year, leap day included. */
export const MAX_SEAT_DAY_RANGE = 366;

function checkRange(from: string, to: string): void {
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw badUserInput(`from ${from} is after to ${to}.`, { argumentName: "from" });
  if (days > MAX_SEAT_DAY_RANGE) {
    throw badUserInput(`from ${from} to ${to} spans ${days} days; ask for at most ${MAX_SEAT_DAY_RANGE} at a time.`, {
      argumentName: "to",
    });
  }
}

/**
 * Desks offered over `from`…`to` in the unit's workspaces, one statement. A day
 * with a seat counter (it had bookings) offered the capacity the counter holds,
 * what the database enforced that day; a day without, the workspace's capacity
 * when it is open and had opened. A closed workspace has no history of when it
 * closed: it is read as closed over the whole range.
 */
export async function seatDaysOffered(from: string, to: string, dataSource: DataSource): Promise<number> {
  checkRange(from, to);
  const [row] = await dataSource.query<{ offered: number }[]>(
    `SELECT coalesce(sum(coalesce(d.capacity, w.capacity)), 0)::int AS offered
       FROM workspace w
      CROSS JOIN generate_series($1::date, $2::date, interval '1 day') AS g(day)
       LEFT JOIN workspace_day d ON d.workspace_id = w.id AND d.day = g.day::date
      WHERE d.day IS NOT NULL OR (w.status = 'OPEN' AND (w.opened_on IS NULL OR g.day::date >= w.opened_on))`,
    [from, to],
  );
  return row!.offered;
}

/** Desks booked (confirmed) over `from`…`to`: the seat counters the booking trigger keeps, one statement. */
export async function seatDaysBooked(from: string, to: string, dataSource: DataSource): Promise<number> {
  checkRange(from, to);
  const [row] = await dataSource.query<{ booked: number }[]>(
    `SELECT coalesce(sum(booked), 0)::int AS booked FROM workspace_day WHERE day BETWEEN $1 AND $2`,
    [from, to],
  );
  return row!.booked;
}
