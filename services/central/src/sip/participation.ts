import { countryOfId, type CountryCode } from "@smart/platform";
import type { CentralLoaders } from "../loaders.js";

/** What a `SipCountryParticipation` resolver receives. */
export interface SipCountryParticipation {
  country: CountryCode;
  participants: number;
}

/**
 * A cycle's participants per unit, in country order: a member's unit is the
 * prefix of their ID (`BE:m5` → BE), so no unit needs asking to count them;
 * the gateway resolves `country` (name, memberCount) across units. A unit
 * counts while the directory knows it, retired too (the cycle is history); an
 * ID whose prefix it does not know names no unit and is left out.
 */
export async function participationByCountry(
  memberIds: readonly string[],
  loaders: CentralLoaders,
): Promise<SipCountryParticipation[]> {
  const counts = new Map<CountryCode, number>();
  for (const id of new Set(memberIds)) {
    const country = countryOfId(id);
    if (country) counts.set(country, (counts.get(country) ?? 0) + 1);
  }
  const known = await loaders.country.loadMany([...counts.keys()]);
  return [...counts]
    .filter((_, index) => {
      const entry = known[index];
      return entry != null && !(entry instanceof Error);
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([country, participants]) => ({ country, participants }));
}
