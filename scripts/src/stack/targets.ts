import { COUNTRY_CODES, isCountryCode, type CountryCode } from "@smart/platform";

/** A database of the stack: one per national unit, and the central office's. */
export type DatabaseTarget = CountryCode | "central";

export const ALL_TARGETS: readonly DatabaseTarget[] = [...COUNTRY_CODES, "central"];

/** Parses `--units BE,FR` (case-insensitive); `central` may be listed too. */
export function parseTargets(list: string): DatabaseTarget[] {
  const targets = list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const upper = item.toUpperCase();
      if (isCountryCode(upper)) return upper;
      if (upper === "CENTRAL") return "central" as const;
      throw new Error(`--units: '${item}' is not a unit code (${COUNTRY_CODES.join(", ")}) nor 'central'`);
    });
  return ALL_TARGETS.filter((target) => targets.includes(target));
}

/** `BE` → `be`, `central` → `central`: the suffix of the target's database name. */
export function targetSuffix(target: DatabaseTarget): string {
  return target.toLowerCase();
}

/** `DATABASE_URL_BE`, `DATABASE_URL_CENTRAL`: the variable that points one target elsewhere. */
export function targetUrlVariable(target: DatabaseTarget): string {
  return `DATABASE_URL_${target.toUpperCase()}`;
}
