import { z } from "zod";
import { FOUNDING_UNITS } from "@smart/platform";
import { malformedUnitMessage, parseUnitList } from "./units.js";

/** A database of the stack: a unit's code (one per national unit), or `central`, the central office's. */
export type DatabaseTarget = string;

/** The founding units' databases and central's: what `npm run seed` prepares by default. */
export const ALL_TARGETS: readonly DatabaseTarget[] = [...FOUNDING_UNITS, "central"];

/** The units' databases (in alphabetical order of code), then central's. */
export const targetsOf = (units: readonly string[], withCentral = true): DatabaseTarget[] => [
  ...[...units].sort(),
  ...(withCentral ? ["central"] : []),
];

/**
 * `npm run seed`'s `--units BE,FR,PT,central` (case-insensitive; any unit code, and `central`):
 * the units in alphabetical order, then central if listed; every founding unit and central when not given.
 */
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
      const central = items.some((item) => item.toLowerCase() === "central");
      const { units, malformed } = parseUnitList(items.filter((item) => item.toLowerCase() !== "central").join(","));
      for (const item of malformed)
        context.addIssue({ code: z.ZodIssueCode.custom, message: `${malformedUnitMessage(item)} nor 'central'` });
      return targetsOf(units, central);
    });

/** `BE` → `be`, `central` → `central`: the suffix of the target's database name. */
export function targetSuffix(target: DatabaseTarget): string {
  return target.toLowerCase();
}

/** `DATABASE_URL_BE`, `DATABASE_URL_CENTRAL`: the variable that points one target elsewhere. */
export function targetUrlVariable(target: DatabaseTarget): string {
  return `DATABASE_URL_${target.toUpperCase()}`;
}
