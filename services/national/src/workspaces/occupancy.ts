import type { DataSource } from "typeorm";
import { badUserInput } from "@smart/platform";
import { WorkspaceEntity, type Workspace } from "../entity/index.js";
import { daysBetween } from "../bookings/calendar.js";

/** What a `WorkspaceOccupancy` resolver receives. */
export interface WorkspaceOccupancyRow {
  workspace: Workspace;
  seatDaysBooked: number;
  seatDaysOffered: number;
  rate: number;
  busiestDay: string | null;
}

/** Longest range `workspaceOccupancy` answers: a year, leap day included. */
export const MAX_OCCUPANCY_DAYS = 366;

/** Throws BAD_USER_INPUT unless `from` ≤ `to` within MAX_OCCUPANCY_DAYS days (both included). */
export function checkOccupancyRange(from: string, to: string): void {
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw badUserInput(`from ${from} is after to ${to}.`, { argumentName: "from" });
  if (days > MAX_OCCUPANCY_DAYS) {
    throw badUserInput(`from ${from} to ${to} spans ${days} days; ask for at most ${MAX_OCCUPANCY_DAYS} at a time.`, {
      argumentName: "to",
    });
  }
}

interface OccupancyTotals {
  workspace_id: string;
  booked: number;
  /** Capacity summed over the days that have a seat counter (the day was offered: it had bookings). */
  counted_capacity: number;
  /** Days with a counter on or after the workspace opened (these are not counted again at its capacity). */
  counted_open_days: number;
  busiest: string | null;
}

/**
 * Every workspace of the unit over `from`…`to`, by name: two statements (the
 * workspaces, and one GROUP BY over the seat counters the booking trigger keeps).
 *
 * A day that has a counter offered the capacity the counter holds (what the
 * database enforced that day). A day without offered the workspace's capacity
 * if it is open and had opened; a closed workspace offers nothing more (its
 * status has no history: closed is read as closed over the whole range).
 */
export async function workspaceOccupancy(
  from: string,
  to: string,
  dataSource: DataSource,
): Promise<WorkspaceOccupancyRow[]> {
  checkOccupancyRange(from, to);
  const workspaces = await dataSource.getRepository(WorkspaceEntity).find({ order: { nameKey: "ASC", id: "ASC" } });
  const totals: OccupancyTotals[] = await dataSource.query(
    `SELECT d.workspace_id,
            sum(d.booked)::int AS booked,
            sum(d.capacity)::int AS counted_capacity,
            count(*) FILTER (WHERE w.opened_on IS NULL OR d.day >= w.opened_on)::int AS counted_open_days,
            to_char((array_agg(d.day ORDER BY d.booked DESC, d.day) FILTER (WHERE d.booked > 0))[1], 'YYYY-MM-DD') AS busiest
       FROM workspace_day d JOIN workspace w ON w.id = d.workspace_id
      WHERE d.day BETWEEN $1 AND $2
      GROUP BY d.workspace_id`,
    [from, to],
  );
  const byWorkspace = new Map(totals.map((row) => [row.workspace_id, row]));
  return workspaces.map((workspace) => {
    const row = byWorkspace.get(workspace.id);
    const booked = row?.booked ?? 0;
    let offered = row?.counted_capacity ?? 0;
    if (workspace.status === "OPEN") {
      const firstDay = workspace.openedOn && workspace.openedOn > from ? workspace.openedOn : from;
      const openDays = Math.max(0, daysBetween(firstDay, to) + 1);
      offered += workspace.capacity * Math.max(0, openDays - (row?.counted_open_days ?? 0));
    }
    return {
      workspace,
      seatDaysBooked: booked,
      seatDaysOffered: offered,
      rate: offered ? booked / offered : 0,
      busiestDay: row?.busiest ?? null,
    };
  });
}
