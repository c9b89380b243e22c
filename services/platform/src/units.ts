/** The nine national units of Smart, in alphabetical order of code (which fixes their ports). */
export const COUNTRY_CODES = ["AT", "BE", "DE", "ES", "FR", "HU", "IT", "NL", "SE"] as const;

export type CountryCode = (typeof COUNTRY_CODES)[number];

/** Prefix of every ID the central office issues. */
export const CENTRAL_PREFIX = "EU";

export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === "string" && (COUNTRY_CODES as readonly string[]).includes(value);
}

/** Default port of a unit's subgraph: AT 4001 … SE 4009. */
export function defaultUnitPort(code: CountryCode): number {
  return 4001 + COUNTRY_CODES.indexOf(code);
}

export const DEFAULT_GATEWAY_PORT = 4000;
export const DEFAULT_CENTRAL_PORT = 4010;
