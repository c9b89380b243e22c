import { isCountryCode, type CountryCode } from "./units.js";

/**
 * Every ID a unit issues is `<CODE>:<local>`; the local part is the unit's own business.
 * Returns the country code, or null when the prefix is not one of the nine units.
 */
export function countryOfId(id: string): CountryCode | null {
  const colon = id.indexOf(":");
  if (colon <= 0) return null;
  const prefix = id.slice(0, colon);
  return isCountryCode(prefix) ? prefix : null;
}

export function prefixedId(unit: string, local: string): string {
  return `${unit}:${local}`;
}
