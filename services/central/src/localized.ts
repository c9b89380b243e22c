import { localize, type Language, type LocalizedText, type Translations } from "@smart/platform";
import type { CentralContext } from "./context.js";

/**
 * A subject's `field` in `lang` (the caller's language when absent), from its
 * translations and what its own row holds (`base`, e.g. `{ EN: country.name }`),
 * falling back to English, then Dutch. One statement for every subject of a
 * request (the translations loader).
 */
export async function localized(
  context: CentralContext,
  subjectId: string,
  field: string,
  lang: Language | null | undefined,
  base: Translations = {},
): Promise<LocalizedText> {
  const texts: Translations = { ...base, ...(await context.loaders.translations.load(subjectId)).get(field) };
  const text = localize(texts, lang ?? context.lang);
  // Every subject the resolvers ask for has a text in some language (migrations and seed see to it).
  if (!text) throw new Error(`No text of ${field} for ${subjectId} in any language`);
  return text;
}

/** The languages a subject's `field` is written in, in Smart's order of languages. */
export async function languagesOf(context: CentralContext, subjectId: string, field: string): Promise<Language[]> {
  const texts = (await context.loaders.translations.load(subjectId)).get(field) ?? {};
  return Object.keys(texts) as Language[];
}
