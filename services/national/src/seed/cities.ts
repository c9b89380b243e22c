import { foldForSort, prefixedId, type CountryCode } from "@smart/platform";

/** The cities each unit works in, the unit's main city first. */
export const UNIT_CITIES: Record<CountryCode, readonly string[]> = {
  AT: ["Vienna"],
  BE: ["Brussels", "Ghent", "Charleroi", "Mons", "Eupen", "Louvain-la-Neuve", "Antwerp", "Liège"],
  DE: ["Berlin"],
  ES: ["Málaga", "Madrid", "Seville"],
  FR: ["Paris", "Lille", "Lyon", "Montpellier", "Strasbourg", "Rennes", "Toulouse", "Marseille", "Nantes"],
  HU: ["Budapest"],
  IT: ["Milan", "Rome"],
  NL: ["Amsterdam"],
  SE: ["Stockholm"],
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
  return UNIT_CITIES[unit].map((name) => ({ id: cityId(unit, name), name, nameKey: foldForSort(name) }));
}
