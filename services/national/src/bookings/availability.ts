import type { Workspace } from "../entity/index.js";
import type { Queryable } from "./bookingRows.js";

/** Desks of a workspace on one day, as the `Availability` type of the SDL has them. */
export interface Availability {
  date: string;
  capacity: number;
  booked: number;
  available: number;
}

/** A workspace-day's seat counter (table `workspace_day`), kept by the booking trigger. */
export interface WorkspaceDay {
  workspaceId: string;
  date: string;
  capacity: number;
  booked: number;
}

/** The counters of `workspaceIds` from `from` to `to`; days nobody booked have none. One statement. */
export async function selectWorkspaceDays(
  db: Queryable,
  workspaceIds: readonly string[],
  from: string,
  to: string,
): Promise<WorkspaceDay[]> {
  const rows = (await db.query(
    `SELECT workspace_id, to_char(day, 'YYYY-MM-DD') AS day, capacity, booked
       FROM workspace_day WHERE workspace_id = ANY($1) AND day BETWEEN $2 AND $3`,
    [workspaceIds, from, to],
  )) as { workspace_id: string; day: string; capacity: number; booked: number }[];
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    date: row.day,
    capacity: row.capacity,
    booked: row.booked,
  }));
}

/**
 * Seats of `workspace` on `date`. A day with bookings counts against the capacity
 * its counter holds (the one the database enforces); a day without, against the
 * workspace's. A closed workspace has none left.
 */
export function availabilityOn(workspace: Workspace, date: string, day: WorkspaceDay | undefined): Availability {
  const capacity = day?.capacity ?? workspace.capacity;
  const booked = day?.booked ?? 0;
  const available = workspace.status === "OPEN" ? Math.max(0, capacity - booked) : 0;
  return { date, capacity, booked, available };
}
