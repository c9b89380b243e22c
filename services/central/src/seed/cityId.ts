import { foldForSort, prefixedId, type CountryCode } from "@smart/platform";

/**
 * A national unit's city ID, as the national seed issues it: lower-case ASCII,
 * accents removed, spaces → '-'. `cityId("BE", "Liège")` → `BE:liege`.
 */
export function cityId(unit: CountryCode, name: string): string {
  const slug = foldForSort(name)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return prefixedId(unit, slug);
}
