import type { CountryResolvers } from "../__generated__/resolvers-types.js";
import { requireCountryCode } from "../ids.js";
import { localized } from "../localized.js";

export const Country: CountryResolvers = {
  // A code that is no unit's is the caller's mistake; a unit missing from the directory is null.
  // Async, so that a bad representation fails alone: @apollo/subgraph lets a synchronous
  // throw fail the whole `_entities` batch.
  __resolveReference: async (reference, { loaders }) => loaders.country.load(requireCountryCode(reference.code)),

  id: (country) => country.code,
  name: async (country, { lang }, context) =>
    (await localized(context, country.code, "name", lang, { EN: country.name })).text,

  unitName: async (country, { lang }, context) =>
    (await localized(context, country.code, "unitName", lang, { EN: country.unitName })).text,

  sharePrice: (country) => ({
    amount: country.sharePriceAmount,
    currency: country.sharePriceCurrency,
    period: country.sharePricePeriod,
  }),
};
