import type { SipCountryParticipationResolvers } from "../__generated__/resolvers-types.js";
import { existing } from "../existing.js";

export const SipCountryParticipation: SipCountryParticipationResolvers = {
  country: async (participation, _args, { loaders }) =>
    existing(await loaders.country.load(participation.country), `country ${participation.country} of the directory`),
};
