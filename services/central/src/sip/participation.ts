import { countryOfId, type CountryCode } from "@smart/platform";

/** What a `SipCountryParticipation` resolver receives. */
export interface SipCountryParticipation {
  country: CountryCode;
  participants: number;
}

/**
 * A cycle's participants per unit, in country order: a member's unit is the
 * prefix of their ID (`BE:m5` → BE), so no unit needs asking to count them;
 * the gateway resolves `country` (name, memberCount) across units.
 */
export function participationByCountry(memberIds: readonly string[]): SipCountryParticipation[] {
  const counts = new Map<CountryCode, number>();
  for (const id of new Set(memberIds)) {
    const country = countryOfId(id);
    if (country) counts.set(country, (counts.get(country) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([country, participants]) => ({ country, participants }));
}
