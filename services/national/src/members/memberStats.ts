import { badUserInput, type CountryCode, type Viewer } from "@smart/platform";
import type { MemberCategory, MemberDimension, MemberFilter, MemberStatus } from "../__generated__/resolvers-types.js";
import { MemberEntity } from "../entity/index.js";
import type { NationalContext } from "../context.js";
import { applyMemberFilter, checkMemberFilter } from "./memberFilter.js";

/** What a `MemberGroup` resolver receives: the dimensions asked for, the rest null; `cityId` becomes `city`. */
export interface MemberGroupRow {
  country: CountryCode | null;
  cityId: string | null;
  category: MemberCategory | null;
  status: MemberStatus | null;
  joinedYear: number | null;
  joinedMonth: string | null;
  activeInCountry: CountryCode | null;
  count: number;
}

/** Groups smaller than this are left out for callers other than the central office and the unit's staff. */
export const SMALLEST_DISCLOSED_GROUP = 5;

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
  return viewer.role === "central_office" || (viewer.role === "unit_staff" && viewer.unit === unit);
}

/**
 * The unit's members matching `filter`, counted per combination of `groupBy`:
 * one SQL statement (one GROUP BY), groups ordered by their values (nulls last).
 */
export async function memberStats(
  filter: MemberFilter | null | undefined,
  groupBy: readonly MemberDimension[],
  context: NationalContext,
): Promise<MemberGroupRow[]> {
  if (new Set(groupBy).size !== groupBy.length) {
    throw badUserInput(`groupBy names a dimension twice: ${groupBy.join(", ")}.`, { argumentName: "groupBy" });
  }
  await checkMemberFilter(filter, context);
  // The filtered members (one row per member, or per country they are active in), then one GROUP BY over them.
  const members = applyMemberFilter(context.dataSource.getRepository(MemberEntity).createQueryBuilder("m").select("1", "one"), filter);
  groupBy.forEach((dimension, i) => members.addSelect(DIMENSIONS[dimension].sql(context.unit), `d${i}`));
  const query = context.dataSource
    .createQueryBuilder()
    .select("count(*)::int", "count")
    .from(`(${members.getQuery()})`, "s")
    .setParameters(members.getParameters());
  groupBy.forEach((_, i) => {
    // COLLATE "C": the order the gateway merges in (city IDs hold hyphens, which other collations skip).
    const column = `s.d${i}`;
    query.addSelect(column, `d${i}`).addGroupBy(column).addOrderBy(dimensionOrder(groupBy[i]!, column), "ASC", "NULLS LAST");
  });
  if (!seesSmallGroups(context.viewer, context.unit)) query.having("count(*) >= :smallest", { smallest: SMALLEST_DISCLOSED_GROUP });
  const rows = await query.getRawMany<Record<string, unknown>>();
  return rows.map((row) => {
    const group: MemberGroupRow = {
      country: null, cityId: null, category: null, status: null, joinedYear: null, joinedMonth: null, activeInCountry: null,
      count: Number(row.count),
    };
    groupBy.forEach((dimension, i) => Object.assign(group, { [DIMENSIONS[dimension].column]: row[`d${i}`] ?? null }));
    return group;
  });
}

const dimensionOrder = (dimension: MemberDimension, column: string) => (dimension === "JOINED_YEAR" ? column : `${column} COLLATE "C"`);
