import { badUserInput, countryOfId, type CountryCode } from "@smart/platform";

/**
 * A unit answers for its own country only. Its endpoint is also reached directly by
 * unit staff, so a `country` or an ID of another unit is a caller's mistake worth a
 * clear message, not an empty answer.
 */
export function checkOwnCountry(unit: CountryCode, country: string | null | undefined): void {
  if (country != null && country !== unit) {
    throw badUserInput(
      `This is the ${unit} unit; it has no data for country ${country}. Ask the European gateway, or the ${country} unit.`,
      {
        argumentName: "country",
      },
    );
  }
}

/** Throws BAD_USER_INPUT unless `id` is an ID this unit issued (`BE:…` on BE). */
export function checkOwnId(unit: CountryCode, id: string, argumentName: string): void {
  const country = countryOfId(id);
  if (country === unit) return;
  throw badUserInput(
    country
      ? `${argumentName} ${JSON.stringify(id)} belongs to the ${country} unit, not ${unit}.`
      : `${argumentName} ${JSON.stringify(id.slice(0, 60))} is not an ID of this graph: IDs start with a country code and a colon, like "${unit}:…".`,
    { argumentName },
  );
}

/** True when `id` is one of this unit's IDs (used where a foreign ID simply finds nothing). */
export function isOwnId(unit: CountryCode, id: string): boolean {
  return countryOfId(id) === unit;
}
