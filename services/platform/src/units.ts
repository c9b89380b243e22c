/**
 * The nine units the graph began with, in alphabetical order of code: the units the
 * directory's seed admits and the development stack starts by default. Which units
 * are in the graph at run time is the central office's directory's to say
 * (`countries`); code that serves requests asks it, not this list.
 */
export const FOUNDING_UNITS = ["AT", "BE", "DE", "ES", "FR", "HU", "IT", "NL", "SE"] as const;

/** One of the founding units: tests and the demo stack key their fixtures by it. */
export type FoundingUnit = (typeof FOUNDING_UNITS)[number];

/** A unit's code: ISO 3166-1 alpha-2, two capital letters (`BE`). */
export type CountryCode = string;

/** Prefix of every ID the central office issues. */
export const CENTRAL_PREFIX = "EU";

const CODE_SHAPE = /^[A-Z]{2}$/;

/** Whether `value` has the shape of a unit's code (two capital letters, not the central office's `EU`). */
export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === "string" && CODE_SHAPE.test(value) && value !== CENTRAL_PREFIX;
}

/** The first port of units the graph did not begin with (see defaultUnitPort). */
const OTHER_UNITS_FIRST_PORT = 4100;

/**
 * Default port of a unit's subgraph: AT 4001 … SE 4009 for the founding units; any
 * other code a port of its own from its letters (PT 4509), so that a unit admitted
 * later has one no configuration needs to name.
 */
export function defaultUnitPort(code: CountryCode): number {
  const founding = (FOUNDING_UNITS as readonly string[]).indexOf(code);
  if (founding >= 0) return 4001 + founding;
  return OTHER_UNITS_FIRST_PORT + 26 * (code.charCodeAt(0) - 65) + (code.charCodeAt(1) - 65);
}

/** Where a unit is reached when no configuration says otherwise: the dev stack's ports (UNIT_URL_TEMPLATE's default). */
export const DEFAULT_UNIT_URL_TEMPLATE = "http://127.0.0.1:{port}/graphql";

/** `unit`'s URL by a UNIT_URL_TEMPLATE: `{code}` (BE), `{code_lower}` (be) and `{port}` (defaultUnitPort) filled in. */
export function unitUrlFromTemplate(template: string, unit: CountryCode): string {
  return template
    .replaceAll("{code_lower}", unit.toLowerCase())
    .replaceAll("{code}", unit)
    .replaceAll("{port}", String(defaultUnitPort(unit)));
}

export const DEFAULT_GATEWAY_PORT = 4000;
export const DEFAULT_CENTRAL_PORT = 4010;
