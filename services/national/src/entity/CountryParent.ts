import type { CountryCode } from "@smart/platform";

/** What a `Country`'s resolvers receive at a unit: a unit knows one country, its own (the directory is central's). */
export interface CountryParent {
  code: CountryCode;
}
