import {
  FOUNDING_UNITS,
  prefixedId,
  SeededRandom,
  UNIT_LANGUAGES,
  type CountryCode,
  type Language,
} from "@smart/platform";
import type { Member, MemberCategory, MemberStatus } from "../entity/Member.js";
import { memberNameColumns } from "../entity/nameKeys.js";
import { cityId, slugify, UNIT_CITIES } from "./cities.js";
import { EUROPEAN_NAMES, NAMES } from "./names.js";

/** One `member` row as the seed writes it (column order of `MEMBER_COLUMNS`). */
export type MemberRow = Omit<Member, "preferredLanguage" | "createdAt" | "updatedAt" | "movedTo"> & {
  /** The seed gives every member one. */
  preferredLanguage: Language;
  createdAt: string;
};

/** Phone number shapes per country; each `#` becomes a digit. */
const PHONE_PATTERNS: Record<CountryCode, string> = {
  AT: "+43 66# #######",
  BE: "+32 4## ## ## ##",
  DE: "+49 15# ########",
  ES: "+34 6## ### ###",
  FR: "+33 6 ## ## ## ##",
  HU: "+36 30 ### ####",
  IT: "+39 3## ### ####",
  NL: "+31 6 ########",
  SE: "+46 70 ### ## ##",
  PT: "+351 9## ### ###",
};

/** Reserved for documentation (RFC 2606): demo addresses never reach a real inbox. */
const EMAIL_DOMAINS = ["example.org", "example.com", "example.net"] as const;

const FIRST_JOIN_DAY = Date.UTC(2015, 0, 1);
const LAST_JOIN_DAY = Date.UTC(2026, 9, 31);
const DAY_MS = 86_400_000;

/**
 * The unit's demo members, `<CODE>:m1` … `<CODE>:m<count>`, generated lazily so a
 * hundred thousand of them stream into COPY without being held in memory.
 * Member numbers follow the join date, as a real register would.
 */
export function* generateMembers(unit: CountryCode, count: number): Generator<MemberRow> {
  const random = new SeededRandom(`members:${unit}`);
  // A stream of its own: languages, added later, leave every other field as it was.
  const languages = new SeededRandom(`languages:${unit}`);
  const pool = NAMES[unit] ?? EUROPEAN_NAMES;
  const cities = UNIT_CITIES[unit] ?? [];
  // The unit's main city (listed first) has about as many members as three others.
  const cityChoices = cities.map((name, index) => [cityId(unit, name), index === 0 ? 3 : 1] as const);
  const otherUnits = FOUNDING_UNITS.filter((code) => code !== unit);
  const joinSpanDays = (LAST_JOIN_DAY - FIRST_JOIN_DAY) / DAY_MS;

  for (let i = 0; i < count; i++) {
    const number = i + 1;
    const languageRoll = languages.next();
    const names = random.chance(0.12) ? EUROPEAN_NAMES : pool;
    const firstName = random.pick(names.firstNames);
    const lastName = random.pick(names.lastNames);
    const joinDay = FIRST_JOIN_DAY + Math.floor(((i + random.next()) * joinSpanDays) / count) * DAY_MS;
    const joinedAt = joinDay + random.int(8 * 3600, 20 * 3600) * 1000;
    const email = `${emailPart(firstName)}.${emailPart(lastName)}${number}@${random.pick(EMAIL_DOMAINS)}`;
    const phone = random.chance(0.92) ? phoneNumber(random, PHONE_PATTERNS[unit] ?? "+## ### ### ###") : null;
    const category = random.weighted<MemberCategory>([
      ["A", 90],
      ["B", 4],
      ["C", 6],
    ]);
    const status = random.weighted<MemberStatus>([
      ["ACTIVE", 90],
      ["LEFT", 7],
      ["SUSPENDED", 3],
    ]);
    // Most cooperators hold the one share membership requires; a few invest more.
    const shares = 1 + Math.floor(19 * random.next() ** 3);
    const city = random.weighted(cityChoices);
    yield {
      id: prefixedId(unit, `m${number}`),
      ...memberNameColumns(firstName, lastName),
      email,
      phone,
      category,
      status,
      shares,
      cityId: city,
      activeIn: random.chance(0.15)
        ? random.sample(
            otherUnits,
            random.weighted([
              [1, 70],
              [2, 22],
              [3, 8],
            ]),
          )
        : [],
      joinedOn: new Date(joinDay).toISOString().slice(0, 10),
      preferredLanguage: preferredLanguage(unit, city, languageRoll),
      createdAt: new Date(joinedAt).toISOString(),
    };
  }
}

/** Flemish cities read Dutch, Eupen German, Brussels mostly French; a few members everywhere prefer English. */
const BELGIAN_LANGUAGE_OF_CITY: Record<string, Language> = {
  "BE:ghent": "NL",
  "BE:antwerp": "NL",
  "BE:leuven": "NL",
  "BE:eupen": "DE",
};

function preferredLanguage(unit: CountryCode, city: string, roll: number): Language {
  if (roll < 0.05) return "EN";
  if (unit !== "BE") return UNIT_LANGUAGES[unit]?.[0] ?? "EN";
  if (city === "BE:brussels") return roll < 0.7 ? "FR" : "NL";
  return BELGIAN_LANGUAGE_OF_CITY[city] ?? "FR";
}

function emailPart(name: string): string {
  return slugify(name).replace(/-/g, "");
}

function phoneNumber(random: SeededRandom, pattern: string): string {
  return pattern.replace(/#/g, () => String(random.int(0, 9)));
}
