import { z } from "zod";
import { FOUNDING_UNITS, isCountryCode } from "@smart/platform";

/** A database of the stack: one per national unit (its code), and the central office's (`central`). */
export type DatabaseTarget = string;

export const ALL_TARGETS: readonly DatabaseTarget[] = [...FOUNDING_UNITS, "central"];

/** The `--units BE,FR` flag (case-insensitive; `central` may be listed too), in canonical order; all when not given. */
export const targetsFlag = () =>
  z
    .string()
    .optional()
    .transform((list, context): readonly DatabaseTarget[] => {
      if (list === undefined) return ALL_TARGETS;
      const items = list
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      const targetOf = (item: string): DatabaseTarget | undefined => {
        const upper = item.toUpperCase();
        return isCountryCode(upper) ? upper : upper === "CENTRAL" ? "central" : undefined;
      };
      for (const item of items.filter((item) => !targetOf(item))) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `'${item}' is not a unit code (${FOUNDING_UNITS.join(", ")}) nor 'central'`,
        });
      }
      const targets = items.map(targetOf);
      return ALL_TARGETS.filter((target) => targets.includes(target));
    });

/** `BE` → `be`, `central` → `central`: the suffix of the target's database name. */
export function targetSuffix(target: DatabaseTarget): string {
  return target.toLowerCase();
}

/** `DATABASE_URL_BE`, `DATABASE_URL_CENTRAL`: the variable that points one target elsewhere. */
export function targetUrlVariable(target: DatabaseTarget): string {
  return `DATABASE_URL_${target.toUpperCase()}`;
}
