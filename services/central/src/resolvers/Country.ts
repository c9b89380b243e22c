import type { CountryResolvers } from "../__generated__/resolvers-types.js";
import { requireCountryCode } from "../ids.js";

export const Country: CountryResolvers = {
  // A code that is no unit's is the caller's mistake; a unit missing from the directory is null.
  __resolveReference: (reference, { loaders }) => loaders.country.load(requireCountryCode(reference.code)),

  sharePrice: (country) => ({
    amount: country.sharePriceAmount,
    currency: country.sharePriceCurrency,
    period: country.sharePricePeriod,
  }),
};
