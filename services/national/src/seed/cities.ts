import { foldForSort, prefixedId, type CountryCode } from "@smart/platform";
import { placeNameKey } from "../entity/nameKeys.js";

/**
 * The cities each unit works in, the unit's main city first: 38 real cities of the
 * nine countries, "almost 40 cities in 9 European countries" as the general
 * assembly's budget priorities put it. New cities go at the end of a unit's list,
 * so that members seeded before keep their city as far as the weights allow.
 */
export const UNIT_CITIES: Record<CountryCode, readonly string[]> = {
  AT: ["Vienna", "Graz"],
  BE: ["Brussels", "Ghent", "Charleroi", "Mons", "Eupen", "Louvain-la-Neuve", "Antwerp", "Liège", "Namur", "Leuven"],
  DE: ["Berlin", "Hamburg", "Cologne"],
  ES: ["Málaga", "Madrid", "Seville", "Barcelona"],
  FR: ["Paris", "Lille", "Lyon", "Montpellier", "Strasbourg", "Rennes", "Toulouse", "Marseille", "Nantes"],
  HU: ["Budapest", "Pécs"],
  IT: ["Milan", "Rome", "Turin", "Bologna"],
  NL: ["Amsterdam", "Rotterdam"],
  SE: ["Stockholm", "Gothenburg"],
  PT: ["Lisbon", "Porto", "Coimbra"],
};

export interface CityRow {
  id: string;
  name: string;
  nameKey: string;
}

/** Lower-case ASCII, accents removed, spaces → '-': "Louvain-la-Neuve" → "louvain-la-neuve", "Liège" → "liege". */
export function slugify(text: string): string {
  return foldForSort(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function cityId(unit: CountryCode, name: string): string {
  return prefixedId(unit, slugify(name));
}

export function cityRows(unit: CountryCode): CityRow[] {
  return (UNIT_CITIES[unit] ?? []).map((name) => ({ id: cityId(unit, name), name, nameKey: placeNameKey(name) }));
}
