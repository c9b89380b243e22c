import type { CountryResolvers } from "../__generated__/resolvers-types.js";
import { requireCountryCode } from "../ids.js";
import { localized } from "../localized.js";

export const Country: CountryResolvers = {
  // A code the directory does not know is the caller's mistake; a retired unit still resolves
  // (tallies and Smart In Progress name it). Async, so that a bad representation fails alone:
  // @apollo/subgraph lets a synchronous throw fail the whole `_entities` batch.
  __resolveReference: (reference, { loaders }) => requireCountryCode(reference.code, loaders, "known"),

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
