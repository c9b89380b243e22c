import type { SipCycleResolvers } from "../__generated__/resolvers-types.js";
import { requireCentralId } from "../ids.js";
import { participationByCountry } from "../sip/participation.js";
import { localized } from "../localized.js";

export const SipCycle: SipCycleResolvers = {
  // Async: a bad ID fails this representation alone, not the batch (see Country).
  __resolveReference: async (reference, { loaders }) => loaders.sipCycle.load(requireCentralId(reference.id)),

  theme: async (cycle, { lang }, context) =>
    (await localized(context, cycle.id, "theme", lang, { EN: cycle.theme })).text,

  themeVotedAt: (cycle, _args, { loaders }) =>
    cycle.themeVotedAtId === null ? null : loaders.assembly.load(cycle.themeVotedAtId),

  workingGroups: (cycle, _args, { loaders }) => loaders.workingGroupsByCycle.load(cycle.id),

  recommendations: (cycle, { status }, { loaders }) =>
    loaders.recommendationsByCycle.load({ cycleId: cycle.id, status: status ?? null }),

  participantCount: async (cycle, _args, { loaders }) => (await loaders.participantIdsByCycle.load(cycle.id)).length,

  participantsByCountry: async (cycle, _args, { loaders }) =>
    participationByCountry(await loaders.participantIdsByCycle.load(cycle.id), loaders),
};
