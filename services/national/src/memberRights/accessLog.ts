import type { AccessLogEntry } from "../__generated__/resolvers-types.js";
import type { NationalContext } from "../context.js";
import { checkOwnId } from "../unitScope.js";
import { forbiddenAccessLog } from "./personalReads.js";

/** The member themself, staff of the member's unit (this one) and the central office. */
export function mayReadAccessLog({ viewer, unit }: Pick<NationalContext, "viewer" | "unit">, memberId: string): boolean {
  return viewer.role === "central_office" || (viewer.role === "unit_staff" && viewer.unit === unit) || (viewer.role === "member" && viewer.sub === memberId);
}

interface AccessLogRow {
  at: Date;
  role: string;
  actor: string;
  unit: string | null;
  fields: string[];
  request_id: string;
}

/** A member's access log, oldest first: one statement. */
export async function personalDataAccessLog(memberId: string, context: NationalContext): Promise<AccessLogEntry[]> {
  checkOwnId(context.unit, memberId, "memberId");
  if (!mayReadAccessLog(context, memberId)) throw forbiddenAccessLog();
  const rows = await context.dataSource.query<AccessLogRow[]>(
    `SELECT at, role, actor, unit, fields, request_id FROM personal_data_access WHERE member_id = $1 ORDER BY at, id`,
    [memberId],
  );
  return rows.map((row) => ({ at: row.at, role: row.role, actor: row.actor, unit: row.unit, fields: row.fields, requestId: row.request_id }));
}
