import { z } from "zod";
import { FOUNDING_UNITS, isCountryCode, type CountryCode } from "@smart/platform";

/** The units `npm start` runs when `--units` is not given. */
export const DEFAULT_STACK_UNITS: readonly CountryCode[] = FOUNDING_UNITS;

/**
 * `AT,be, PT` → `["AT", "BE", "PT"]`: upper-cased, without repeats, in alphabetical
 * order. Any code of the shape of one (two letters, not `EU`) is a unit; whether the
 * central office admits it is the directory's to say.
 */
export function parseUnitList(list: string): { units: CountryCode[]; malformed: string[] } {
  const items = list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  const malformed = items.filter((item) => !isCountryCode(item.toUpperCase()));
  const units = [...new Set(items.map((item) => item.toUpperCase()).filter(isCountryCode))].sort();
  return { units, malformed };
}

export const malformedUnitMessage = (item: string) =>
  `'${item}' is not a unit's code (two letters, such as BE or PT; EU is the central office's)`;

/** A `--units`-like list of national units, at least one, each issue added to `context`. */
function unitList(list: string, context: z.RefinementCtx): readonly CountryCode[] {
  const { units, malformed } = parseUnitList(list);
  for (const item of malformed) {
    const message =
      item.toLowerCase() === "central"
        ? "'central' always runs with the stack: list national units only"
        : malformedUnitMessage(item);
    context.addIssue({ code: z.ZodIssueCode.custom, message });
  }
  if (malformed.length === 0 && units.length === 0)
    context.addIssue({ code: z.ZodIssueCode.custom, message: "expected at least one unit's code, such as BE" });
  return units;
}

/** `npm start`'s `--units AT,BE,…,PT`: national units only; the founding units when not given. */
export const unitListFlag = () =>
  z
    .string()
    .optional()
    .transform((list, context) => (list === undefined ? DEFAULT_STACK_UNITS : unitList(list, context)));

/** A list of national units such as `npm run seed`'s `--admit`; undefined when not given. */
export const optionalUnitListFlag = () =>
  z
    .string()
    .optional()
    .transform((list, context) => (list === undefined ? undefined : unitList(list, context)));

/** One unit's code as a command's argument: `pt` → `PT`. */
export const unitCodeArgument = () =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toUpperCase() : value),
    z.string().refine(isCountryCode, "expected a unit's code: two letters, such as PT"),
  );
