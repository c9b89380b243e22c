import { forbidden, graphqlError, ErrorCode, type CountryCode, type Viewer } from "@smart/platform";
import { nationalAccessPolicy } from "../access/accessPolicy.js";
import { MEMBER_FIELD_RULES } from "../access/memberFieldRules.js";
import type { UnitData } from "../unitData.js";
import type { MemberFilter } from "./memberFilter.js";

/**
 * Disclosure control for what the unit tells about its members in aggregate —
 * counts (`memberCount`, `Country.memberCount`, `City.memberCount`), statistics
 * (`memberStats`) and the orders of lists — written once, here, and enforced in
 * the unit so that a caller reaching it directly is held to it too
 * (docs/aggregate-disclosure.md). The central office and the unit's own staff
 * read every member anyway: the rule is for everyone else.
 *
 * - No free text on a count or a statistic: `nameContains` narrows a count to a
 *   person ("lotte benali" in Charleroi: 1).
 * - Every count covers at least {@link SMALLEST_DISCLOSED_COUNT} people, or is
 *   suppressed (COUNT_SUPPRESSED); statistics leave such groups out.
 * - Filtering, grouping and ordering by a protected field (status, category,
 *   join date) only for callers who may read that field of every member.
 */
export const SMALLEST_DISCLOSED_COUNT = 5;

type Caller = Pick<UnitData, "viewer" | "unit">;

/** The central office and the unit's own staff: they may read every member's every field, so no aggregate tells them more. */
export function seesEveryMember(viewer: Viewer, unit: CountryCode): boolean {
  return viewer.role === "central_office" || (viewer.role === "unit_staff" && viewer.unit === unit);
}

/** Whether the caller may read `field` of every member of the unit (its `@access` rule, with no particular member). */
export function mayReadOfEveryone(field: string, { viewer, unit }: Caller): boolean {
  const rule = MEMBER_FIELD_RULES.get(field) ?? "PUBLIC";
  return nationalAccessPolicy(rule, { parent: undefined, args: {}, context: { viewer, unit } });
}

/** What each statistics dimension tells of a member: the Member field it reveals (null: public). */
const DIMENSION_READS = {
  COUNTRY: null,
  CITY: null,
  ACTIVE_IN_COUNTRY: null,
  CATEGORY: "category",
  STATUS: "status",
  JOINED_YEAR: "joinedOn",
  JOINED_MONTH: "joinedOn",
} as const satisfies Record<string, string | null>;

/** What each list order tells of a member: JOINED_DESC lists them in join order. */
const ORDER_READS = { NAME_ASC: null, JOINED_DESC: "joinedOn" } as const satisfies Record<string, string | null>;

/** FORBIDDEN, before any SQL, unless the caller may read every field the dimensions reveal. */
export function checkGroupBy(groupBy: readonly (keyof typeof DIMENSION_READS)[], caller: Caller): void {
  for (const dimension of groupBy) {
    const field = DIMENSION_READS[dimension];
    if (field && !mayReadOfEveryone(field, caller)) {
      throw forbidden(
        `groupBy: you may not count members by ${dimension}, which tells their ${field}: only staff of the ${caller.unit} unit and the central office read it.`,
      );
    }
  }
}

/** FORBIDDEN, before any SQL, unless the caller may read the field the order sorts by. */
export function checkOrder(orderBy: keyof typeof ORDER_READS, caller: Caller): void {
  const field = ORDER_READS[orderBy];
  if (field && !mayReadOfEveryone(field, caller)) {
    throw forbidden(
      `orderBy: you may not list members by ${orderBy}, which tells their ${field}: only staff of the ${caller.unit} unit and the central office read it.`,
    );
  }
}

/** FORBIDDEN, before any SQL, for free text on a count or a statistic asked by anyone but the central office and the unit's staff. */
export function checkAggregateFilter(filter: MemberFilter | null | undefined, { viewer, unit }: Caller): void {
  if (filter?.nameContains != null && !seesEveryMember(viewer, unit)) {
    throw forbidden(
      `filter.nameContains: counts and statistics of members are not searched by name (a name narrows them to one person); list members instead.`,
    );
  }
}

/** The count itself, or COUNT_SUPPRESSED when it covers fewer than 5 people and the caller is not the central office or the unit's staff. */
export function disclosedCount(count: number, { viewer, unit }: Caller): number {
  // The gateway's indicators count by status and abroad only, Europe-wide ratios (members/memberFilter.ts): no person in them.
  if (seesEveryMember(viewer, unit) || viewer.role === "service" || count >= SMALLEST_DISCLOSED_COUNT) return count;
  throw countSuppressed(unit);
}

export const countSuppressed = (unit: CountryCode) =>
  graphqlError(
    ErrorCode.COUNT_SUPPRESSED,
    `The count is suppressed: it covers fewer than ${SMALLEST_DISCLOSED_COUNT} members of the ${unit} unit, and counts that small could single someone out.`,
    { unit, smallestDisclosed: SMALLEST_DISCLOSED_COUNT },
  );
