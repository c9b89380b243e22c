import { badUserInput, type CountryCode, type Viewer } from "@smart/platform";
import type { MemberGroupRow } from "../entity/index.js";
import type { UnitData } from "../unitData.js";
import { checkMemberFilter, CURRENT_STATUSES, memberFilterConditions, type MemberFilter } from "./memberFilter.js";
import { checkAggregateFilter, checkGroupBy, seesEveryMember, SMALLEST_DISCLOSED_COUNT } from "./disclosure.js";

/** What `memberStats` can count members by. */
export type MemberDimension =
  "COUNTRY" | "CITY" | "CATEGORY" | "STATUS" | "JOINED_YEAR" | "JOINED_MONTH" | "ACTIVE_IN_COUNTRY";

type StatsData = Pick<UnitData, "unit" | "viewer" | "loaders" | "dataSource">;

/** Groups smaller than this are left out for callers other than the central office and the unit's staff (members/disclosure.ts). */
export const SMALLEST_DISCLOSED_GROUP = SMALLEST_DISCLOSED_COUNT;

/**
 * Each dimension's SQL expression over `member m`. ACTIVE_IN_COUNTRY is a
 * set-returning one: a row per country in `active_in`, one null row when empty.
 */
const DIMENSIONS: Record<MemberDimension, { column: keyof MemberGroupRow; sql: (unit: CountryCode) => string }> = {
  COUNTRY: { column: "country", sql: (unit) => `'${unit}'::text` },
  CITY: { column: "cityId", sql: () => `m.city_id` },
  CATEGORY: { column: "category", sql: () => `m.category::text` },
  STATUS: { column: "status", sql: () => `m.status` },
  JOINED_YEAR: { column: "joinedYear", sql: () => `extract(year FROM m.joined_on)::int` },
  JOINED_MONTH: { column: "joinedMonth", sql: () => `to_char(m.joined_on, 'YYYY-MM')` },
  ACTIVE_IN_COUNTRY: {
    column: "activeInCountry",
    sql: () => `unnest(CASE WHEN cardinality(m.active_in) = 0 THEN '{NULL}'::text[] ELSE m.active_in END)`,
  },
};

/** Whether the viewer sees every group of `unit`, small ones included. */
export function seesSmallGroups(viewer: Viewer, unit: CountryCode): boolean {
  return seesEveryMember(viewer, unit);
}

/**
 * The unit's members matching `filter`, counted per combination of `groupBy`:
 * one SQL statement (one GROUP BY: over the per-month counts the triggers keep
 * when they hold the answer, else over the members), groups ordered by their
 * values (nulls last), only groups with members.
 */
export async function memberStats(
  filter: MemberFilter | null | undefined,
  groupBy: readonly MemberDimension[],
  data: StatsData,
): Promise<MemberGroupRow[]> {
  if (new Set(groupBy).size !== groupBy.length) {
    throw badUserInput(`groupBy names a dimension twice: ${groupBy.join(", ")}.`, { argumentName: "groupBy" });
  }
  checkAggregateFilter(filter, data);
  checkGroupBy(groupBy, data);
  await checkMemberFilter(filter, data);
  const small = seesSmallGroups(data.viewer, data.unit) ? 1 : SMALLEST_DISCLOSED_GROUP;
  const rows = answersFromMonthCounts(filter, groupBy)
    ? await groupMonthCounts(filter, groupBy, small, data)
    : await groupMembers(filter, groupBy, small, data);
  return rows.map((row) => {
    const group: MemberGroupRow = {
      country: null,
      cityId: null,
      category: null,
      status: null,
      joinedYear: null,
      joinedMonth: null,
      activeInCountry: null,
      count: Number(row.count),
    };
    groupBy.forEach((dimension, i) => Object.assign(group, { [DIMENSIONS[dimension].column]: row[`d${i}`] ?? null }));
    return group;
  });
}

type GroupRow = Record<string, unknown>;

/** Every member matching, one row each (or one per country they are active in), then one GROUP BY. */
async function groupMembers(
  filter: MemberFilter | null | undefined,
  groupBy: readonly MemberDimension[],
  small: number,
  { unit, dataSource }: StatsData,
): Promise<GroupRow[]> {
  // The filtered members (one row per member, or per country they are active in), then one GROUP BY over them.
  const parameters: unknown[] = [];
  const where = memberFilterConditions(filter, parameters);
  parameters.push(small);
  const columns = groupBy.map((dimension) => DIMENSIONS[dimension].sql(unit));
  // COLLATE "C": the order the gateway merges in (city IDs hold hyphens, which other collations skip).
  const sql = `SELECT count(*)::int AS count${columns.map((_, i) => `, s.d${i} AS d${i}`).join("")}
      FROM (SELECT 1 AS one${columns.map((column, i) => `, ${column} AS d${i}`).join("")} FROM member m WHERE ${where}) s
      ${columns.length ? `GROUP BY ${columns.map((_, i) => `s.d${i}`).join(", ")}` : ""}
      HAVING count(*) >= $${parameters.length}
      ${columns.length ? `ORDER BY ${groupBy.map((dimension, i) => `${dimensionOrder(dimension, `s.d${i}`)} NULLS LAST`).join(", ")}` : ""}`;
  return dataSource.query(sql, parameters);
}

/** Each dimension over `member_month_count c` (ACTIVE_IN_COUNTRY has none: it needs the members). */
const MONTH_COUNT_DIMENSIONS: Record<Exclude<MemberDimension, "ACTIVE_IN_COUNTRY">, (unit: CountryCode) => string> = {
  COUNTRY: (unit) => `'${unit}'::text`,
  CITY: () => `c.city_id`,
  CATEGORY: () => `c.category::text`,
  STATUS: () => `c.status`,
  JOINED_YEAR: () => `extract(year FROM c.joined_month)::int`,
  JOINED_MONTH: () => `to_char(c.joined_month, 'YYYY-MM')`,
};

const isFirstOfMonth = (date: string) => date.endsWith("-01");
const isLastOfMonth = (date: string) => {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  return next.getUTCDate() === 1;
};

/**
 * Whether the counts the triggers keep per city, category, status and month
 * joined answer this exactly: no filter they do not hold, joined dates on month
 * boundaries, no ACTIVE_IN_COUNTRY.
 */
export function answersFromMonthCounts(
  filter: MemberFilter | null | undefined,
  groupBy: readonly MemberDimension[],
): boolean {
  if (groupBy.includes("ACTIVE_IN_COUNTRY")) return false;
  if (!filter) return true;
  if (filter.nameContains || filter.activeIn || filter.activeAbroad != null) return false;
  if (filter.joinedFrom && !isFirstOfMonth(filter.joinedFrom)) return false;
  if (filter.joinedTo && !isLastOfMonth(filter.joinedTo)) return false;
  return true;
}

/** One GROUP BY over the unit's member_month_count: a few thousand rows however many members. */
async function groupMonthCounts(
  filter: MemberFilter | null | undefined,
  groupBy: readonly MemberDimension[],
  small: number,
  { unit, dataSource }: StatsData,
): Promise<GroupRow[]> {
  const conditions = ["c.members > 0"];
  const parameters: unknown[] = [];
  const where = (condition: (placeholder: string) => string, value: unknown) => {
    parameters.push(value);
    conditions.push(condition(`$${parameters.length}`));
  };
  // The triggers count people only (no tombstones); without a status, current members.
  where((p) => `c.status = ANY(${p}::text[])`, filter?.status ? [filter.status] : CURRENT_STATUSES);
  if (filter?.category) where((p) => `c.category = ${p}`, filter.category);
  if (filter?.cityId) where((p) => `c.city_id = ${p}`, filter.cityId);
  if (filter?.joinedFrom) where((p) => `c.joined_month >= ${p}::date`, filter.joinedFrom);
  if (filter?.joinedTo) where((p) => `c.joined_month <= ${p}::date`, filter.joinedTo);
  const columns = groupBy.map((dimension) =>
    MONTH_COUNT_DIMENSIONS[dimension as Exclude<MemberDimension, "ACTIVE_IN_COUNTRY">](unit),
  );
  parameters.push(small);
  const sql = `SELECT sum(c.members)::int AS count${columns.map((column, i) => `, ${column} AS d${i}`).join("")}
      FROM member_month_count c WHERE ${conditions.join(" AND ")}
      ${columns.length ? `GROUP BY ${columns.map((_, i) => i + 2).join(", ")}` : ""}
      HAVING sum(c.members) >= $${parameters.length}
      ${columns.length ? `ORDER BY ${groupBy.map((dimension, i) => `${dimensionOrder(dimension, columns[i]!)} NULLS LAST`).join(", ")}` : ""}`;
  return dataSource.query(sql, parameters);
}

const dimensionOrder = (dimension: MemberDimension, column: string) =>
  dimension === "JOINED_YEAR" ? column : `${column} COLLATE "C"`;
