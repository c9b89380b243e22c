import { badUserInput, foldForSort, forbidden, type CountryCode } from "@smart/platform";
import { nationalAccessPolicy } from "../access/accessPolicy.js";
import { MEMBER_FIELD_RULES } from "../access/memberFieldRules.js";
import type { MemberCategory, MemberStatus } from "../entity/index.js";
import type { UnitData } from "../unitData.js";
import { checkOwnId } from "../unitScope.js";

/**
 * Which of the unit's members a list, a count or the statistics are about (absent or null: any), always
 * people (never a tombstone) and, without a status, current members (ACTIVE and SUSPENDED).
 */
export interface MemberFilter {
  status?: MemberStatus | null;
  category?: MemberCategory | null;
  cityId?: string | null;
  joinedFrom?: string | null;
  joinedTo?: string | null;
  activeIn?: CountryCode | null;
  activeAbroad?: boolean | null;
  nameContains?: string | null;
}

/** What checking a filter reads: who asks, and the unit's cities. */
export type MemberFilterCheck = Pick<UnitData, "unit" | "viewer" | "loaders">;

const MAX_NAME_QUERY = 100;

/**
 * The filters that tell something of a protected Member field: counting members
 * with `status: SUSPENDED` and a name narrows a count to one person's status.
 * A caller filters only by what they may read of every member of the unit.
 */
const FILTER_REVEALS = {
  status: "status",
  category: "category",
  joinedFrom: "joinedOn",
  joinedTo: "joinedOn",
} as const satisfies Partial<Record<keyof MemberFilter, string>>;

/** What the gateway's indicators count members by (`memberCount(filter: { status: ACTIVE, activeAbroad: true })`), and nothing more. */
const INDICATOR_COUNT_FILTERS: ReadonlySet<string> = new Set(["status", "activeAbroad"]);

/** Throws FORBIDDEN, before any SQL, for a filter on a field the caller may not read. */
function checkFilterAccess(
  filter: MemberFilter,
  { viewer, unit }: MemberFilterCheck,
  { counting }: { counting: boolean },
): void {
  if (viewer.role === "service") {
    const given = Object.keys(filter).filter((name) => filter[name as keyof MemberFilter] != null);
    const allowed =
      counting && viewer.work === "indicators" && given.every((name) => INDICATOR_COUNT_FILTERS.has(name));
    if (!allowed) throw forbidden(`filter: the gateway's ${viewer.work} work counts members by status only.`);
    return;
  }
  for (const [name, field] of Object.entries(FILTER_REVEALS)) {
    if (filter[name as keyof typeof FILTER_REVEALS] == null) continue;
    const rule = MEMBER_FIELD_RULES.get(field) ?? "PUBLIC";
    if (!nationalAccessPolicy(rule, { parent: undefined, args: {}, context: { viewer, unit } })) {
      throw forbidden(
        `filter.${name}: you may not filter members by ${field}, which only staff of the ${unit} unit and the central office read.`,
      );
    }
  }
}

/**
 * Checks a filter: FORBIDDEN on fields the caller may not read; BAD_USER_INPUT unless the city is the unit's, text and dates sane.
 * `counting`: for a count alone (the gateway's indicators may count by status).
 */
export async function checkMemberFilter(
  filter: MemberFilter | null | undefined,
  data: MemberFilterCheck,
  { counting = false }: { counting?: boolean } = {},
): Promise<void> {
  if (!filter) return;
  checkFilterAccess(filter, data, { counting });
  if (filter.cityId != null) {
    checkOwnId(data.unit, filter.cityId, "filter.cityId");
    if (!(await data.loaders.city.load(filter.cityId))) {
      throw badUserInput(`filter.cityId: no city ${JSON.stringify(filter.cityId)} in the ${data.unit} unit.`, {
        argumentName: "filter.cityId",
      });
    }
  }
  if (filter.nameContains != null && filter.nameContains.length > MAX_NAME_QUERY) {
    throw badUserInput(`filter.nameContains is limited to ${MAX_NAME_QUERY} characters.`, {
      argumentName: "filter.nameContains",
    });
  }
  if (filter.joinedFrom && filter.joinedTo && filter.joinedFrom > filter.joinedTo) {
    throw badUserInput(`filter.joinedFrom (${filter.joinedFrom}) is after filter.joinedTo (${filter.joinedTo}).`, {
      argumentName: "filter.joinedFrom",
    });
  }
}

/**
 * A row that is a person of this unit: not a tombstone of a member who moved on or was erased, nor a member
 * still arriving by transfer (counted by the unit they leave until it lets go: migration ArrivalsCountedOnceSettled).
 */
export const PEOPLE = `m.moved_to IS NULL AND m.erased_at IS NULL AND NOT m.arriving`;
/** Current members, what every list, count and statistic means without a status: ACTIVE and SUSPENDED (LEFT is asked for by `status: LEFT`). */
export const CURRENT = `m.status IN ('ACTIVE', 'SUSPENDED')`;
/** The statuses of current members. */
export const CURRENT_STATUSES: readonly MemberStatus[] = ["ACTIVE", "SUSPENDED"];

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The filter as SQL conditions over `member` aliased `m` (all true: `TRUE`), each
 * value appended to `parameters` and named by its place (`$1`, `$2`…).
 */
export function memberFilterConditions(filter: MemberFilter | null | undefined, parameters: unknown[]): string {
  // People, not rows: a tombstone (moved on, or erased) is no one this unit lists or counts; without a status, current members only.
  const conditions: string[] = [PEOPLE];
  if (!filter?.status) conditions.push(CURRENT);
  const where = (condition: (placeholder: string) => string, value: unknown) => {
    parameters.push(value);
    conditions.push(condition(`$${parameters.length}`));
  };
  if (filter?.status) where((p) => `m.status = ${p}`, filter.status);
  if (filter?.category) where((p) => `m.category = ${p}`, filter.category);
  if (filter?.cityId) where((p) => `m.city_id = ${p}`, filter.cityId);
  if (filter?.joinedFrom) where((p) => `m.joined_on >= ${p}::date`, filter.joinedFrom);
  if (filter?.joinedTo) where((p) => `m.joined_on <= ${p}::date`, filter.joinedTo);
  if (filter?.activeIn) where((p) => `${p} = ANY(m.active_in)`, filter.activeIn);
  if (filter?.activeAbroad != null) conditions.push(`cardinality(m.active_in) ${filter.activeAbroad ? ">" : "="} 0`);
  const name = filter?.nameContains != null ? foldForSort(filter.nameContains) : "";
  if (name) where((p) => `m.search_name LIKE ${p}`, `%${escapeLike(name)}%`);
  return conditions.length ? conditions.join(" AND ") : "TRUE";
}
