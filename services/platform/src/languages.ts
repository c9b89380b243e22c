import Negotiator from "negotiator";
import type { CountryCode } from "./units.js";

/** The languages Smart works in (GraphQL `enum Language`). */
export const LANGUAGES = ["NL", "FR", "DE", "EN", "ES", "IT", "HU", "SV"] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a text falls back to when it has no translation into the language asked for. */
export const FALLBACK_LANGUAGES: readonly Language[] = ["EN", "NL"];

/** When nothing asks for a language: English, the units' common language. */
export const DEFAULT_LANGUAGE: Language = "EN";

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/** A text in the languages it is written in. */
export type Translations = Partial<Record<Language, string>>;

export interface LocalizedText {
  text: string;
  /** The language of `text`: the one asked for, or a fallback when there was no translation. */
  lang: Language;
}

/**
 * `translations` in `lang`; without that translation, in English, then Dutch (the
 * language of the general assembly's documents), then whatever there is. Null only
 * for a text with no translation at all.
 */
export function localize(translations: Translations, lang: Language): LocalizedText | null {
  for (const candidate of [lang, ...FALLBACK_LANGUAGES]) {
    const text = translations[candidate];
    if (text !== undefined) return { text, lang: candidate };
  }
  const first = LANGUAGES.find((candidate) => translations[candidate] !== undefined);
  return first ? { text: translations[first]!, lang: first } : null;
}

// English first: "*" (any language) and ties go to the default.
const TAGS = [DEFAULT_LANGUAGE, ...LANGUAGES.filter((language) => language !== DEFAULT_LANGUAGE)].map((language) =>
  language.toLowerCase(),
);

/**
 * The caller's preferred language among Smart's from an `Accept-Language` header
 * (`fr-BE,fr;q=0.9,en;q=0.5` → FR), by q-value as RFC 9110 says; `fallback` when
 * there is no header or it names none of them.
 */
export function languageFromAcceptLanguage(
  header: string | null | undefined,
  fallback: Language = DEFAULT_LANGUAGE,
): Language {
  if (!header) return fallback;
  const best = new Negotiator({ headers: { "accept-language": header } }).languages(TAGS)[0];
  return best ? (best.toUpperCase() as Language) : fallback;
}

/** Each unit's country, named in every language Smart works in. */
export const COUNTRY_NAMES: Record<CountryCode, Record<Language, string>> = {
  AT: {
    NL: "Oostenrijk",
    FR: "Autriche",
    DE: "Österreich",
    EN: "Austria",
    ES: "Austria",
    IT: "Austria",
    HU: "Ausztria",
    SV: "Österrike",
  },
  BE: {
    NL: "België",
    FR: "Belgique",
    DE: "Belgien",
    EN: "Belgium",
    ES: "Bélgica",
    IT: "Belgio",
    HU: "Belgium",
    SV: "Belgien",
  },
  DE: {
    NL: "Duitsland",
    FR: "Allemagne",
    DE: "Deutschland",
    EN: "Germany",
    ES: "Alemania",
    IT: "Germania",
    HU: "Németország",
    SV: "Tyskland",
  },
  ES: {
    NL: "Spanje",
    FR: "Espagne",
    DE: "Spanien",
    EN: "Spain",
    ES: "España",
    IT: "Spagna",
    HU: "Spanyolország",
    SV: "Spanien",
  },
  FR: {
    NL: "Frankrijk",
    FR: "France",
    DE: "Frankreich",
    EN: "France",
    ES: "Francia",
    IT: "Francia",
    HU: "Franciaország",
    SV: "Frankrike",
  },
  HU: {
    NL: "Hongarije",
    FR: "Hongrie",
    DE: "Ungarn",
    EN: "Hungary",
    ES: "Hungría",
    IT: "Ungheria",
    HU: "Magyarország",
    SV: "Ungern",
  },
  IT: {
    NL: "Italië",
    FR: "Italie",
    DE: "Italien",
    EN: "Italy",
    ES: "Italia",
    IT: "Italia",
    HU: "Olaszország",
    SV: "Italien",
  },
  NL: {
    NL: "Nederland",
    FR: "Pays-Bas",
    DE: "Niederlande",
    EN: "Netherlands",
    ES: "Países Bajos",
    IT: "Paesi Bassi",
    HU: "Hollandia",
    SV: "Nederländerna",
  },
  SE: {
    NL: "Zweden",
    FR: "Suède",
    DE: "Schweden",
    EN: "Sweden",
    ES: "Suecia",
    IT: "Svezia",
    HU: "Svédország",
    SV: "Sverige",
  },
  PT: {
    NL: "Portugal",
    FR: "Portugal",
    DE: "Portugal",
    EN: "Portugal",
    ES: "Portugal",
    IT: "Portogallo",
    HU: "Portugália",
    SV: "Portugal",
  },
};

/** The languages each unit works in, its members' default first (Belgium: French, Dutch, German). */
export const UNIT_LANGUAGES: Record<CountryCode, readonly Language[]> = {
  AT: ["DE"],
  BE: ["FR", "NL", "DE"],
  DE: ["DE"],
  ES: ["ES"],
  FR: ["FR"],
  HU: ["HU"],
  IT: ["IT"],
  NL: ["NL"],
  SE: ["SV"],
  // Portuguese is not yet one of the graph's languages: Smart Portugal's members default to English.
  PT: ["EN"],
};
