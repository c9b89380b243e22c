import { countryOfId } from "@smart/platform";
import type { AccessLogEntry } from "../__generated__/resolvers-types.js";
import type { NationalContext } from "../context.js";
import { checkOwnId } from "../unitScope.js";
import { forbiddenAccessLog } from "./personalReads.js";

/** The member themself, staff of the member's unit (this one) and the central office. */
export function mayReadAccessLog(
  { viewer, unit }: Pick<NationalContext, "viewer" | "unit">,
  memberId: string,
): boolean {
  return (
    viewer.role === "central_office" ||
    (viewer.role === "unit_staff" && viewer.unit === unit) ||
    (viewer.role === "member" && viewer.sub === memberId)
  );
}

/**
 * The log this unit kept of a member who has since moved on is theirs too: readable by whoever may read the
 * log where they live now (the member under their new ID, staff of that unit, the central office).
 */
async function mayReadFormerLog(context: NationalContext, memberId: string): Promise<boolean> {
  const [row] = await context.dataSource.query<{ moved_to: string | null }[]>(
    `SELECT moved_to FROM member WHERE id = $1`,
    [memberId],
  );
  const now = row?.moved_to;
  const unit = now ? countryOfId(now) : null;
  return Boolean(now && unit && mayReadAccessLog({ viewer: context.viewer, unit }, now));
}

interface AccessLogRow {
  at: Date;
  role: string;
  actor: string;
  unit: string | null;
  fields: string[];
  request_id: string;
}

async function checkMayReadLog(memberId: string, context: NationalContext): Promise<void> {
  checkOwnId(context.unit, memberId, "memberId");
  if (!mayReadAccessLog(context, memberId) && !(await mayReadFormerLog(context, memberId))) throw forbiddenAccessLog();
}

/** A member's access log, oldest first: one statement. */
export async function personalDataAccessLog(memberId: string, context: NationalContext): Promise<AccessLogEntry[]> {
  await checkMayReadLog(memberId, context);
  const rows = await context.dataSource.query<AccessLogRow[]>(
    `SELECT at, role, actor, unit, fields, request_id FROM personal_data_access WHERE member_id = $1 ORDER BY at, id`,
    [memberId],
  );
  return rows.map((row) => ({
    at: row.at,
    role: row.role,
    actor: row.actor,
    unit: row.unit,
    fields: row.fields,
    requestId: row.request_id,
  }));
}

/** The ID a member who arrived by a transfer had in the unit they left (whose access log is theirs too), else null. */
export async function formerMemberId(memberId: string, context: NationalContext): Promise<string | null> {
  await checkMayReadLog(memberId, context);
  const [arrival] = await context.dataSource.query<{ former_id: string }[]>(
    `SELECT former_id FROM member_arrival WHERE member_id = $1`,
    [memberId],
  );
  return arrival?.former_id ?? null;
}
