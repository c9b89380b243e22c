import { badUserInput, FOUNDING_UNITS, isCountryCode } from "@smart/platform";

/**
 * Where an erasure or a transfer's relinking is carried out when the gateway names
 * no places (a gateway a release behind): the founding units' bookings and the
 * central office's SIP records.
 */
export const DEFAULT_PLACES: readonly string[] = [...FOUNDING_UNITS, "central"];

/** More places than any graph has: a list longer is not a list of the graph's units. */
const MAX_PLACES = 100;

/**
 * The places an erasure or a transfer records as still to do: those the gateway
 * names (the graph's units and central), else DEFAULT_PLACES. Each is a unit's
 * code or `central`.
 */
export function placesToDo(given: readonly string[] | null | undefined): string[] {
  if (given == null) return [...DEFAULT_PLACES];
  const places = [...new Set(given)];
  const wrong: string[] = places.filter((place) => place !== "central" && !isCountryCode(place));
  if (!places.length || places.length > MAX_PLACES || wrong.length)
    throw badUserInput(
      `places: expected 1 to ${MAX_PLACES} unit codes and central${
        wrong.length
          ? ` (not ${wrong
              .slice(0, 5)
              .map((place) => JSON.stringify(place.slice(0, 20)))
              .join(", ")})`
          : ""
      }.`,
      { argumentName: "places" },
    );
  return places;
}
