/**
 * Sort keys that Postgres (under COLLATE "C") and JavaScript compare identically.
 *
 * Locale collations order accented names (Émile, Ödön, Łukasz) differently from
 * byte order, and an embedded and an external Postgres may not share a default
 * collation. The shard router merges nine units' pages by comparing their keys, so
 * every unit orders by a stored, normalized key under COLLATE "C" (byte order of
 * UTF-8 = code point order) and the router compares by code point too.
 */

/** Letters that Unicode decomposition leaves alone but readers sort as ASCII. */
const FOLDS: Record<string, string> = {
  ł: "l",
  đ: "d",
  ð: "d",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  þ: "th",
  ı: "i",
};

/** Lower-case, accent-free, ASCII where possible: "Ödön Łukács" → "odon lukacs". */
export function foldForSort(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[łđðøæœßþı]/g, (ch) => FOLDS[ch] ?? ch)
    .replace(/\s+/g, " ")
    .trim();
}

/** The stored key members are ordered by for NAME_ASC: last name, then first name. */
export function memberNameKey(lastName: string, firstName: string): string {
  // U+0001 separates the parts so that "Van, Anna" sorts before "Vana, Ada".
  return `${foldForSort(lastName)}\u0001${foldForSort(firstName)}`;
}

/** Compares two strings by Unicode code point, as Postgres does under COLLATE "C". */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++; // skip the low surrogate of a pair
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
