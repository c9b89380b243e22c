import type { RecommendationResolvers } from "../__generated__/resolvers-types.js";
import { existing } from "../existing.js";
import { requireCentralId } from "../ids.js";
import { localized } from "../localized.js";

export const Recommendation: RecommendationResolvers = {
  // Async: a bad ID fails this representation alone, not the batch (see Country).
  __resolveReference: async (reference, { loaders }) => loaders.recommendation.load(requireCentralId(reference.id)),

  title: async (recommendation, { lang }, context) =>
    (await localized(context, recommendation.id, "title", lang, { EN: recommendation.title })).text,

  workingGroup: (recommendation, _args, { loaders }) =>
    recommendation.workingGroupId === null ? null : loaders.workingGroup.load(recommendation.workingGroupId),

  supportCount: (recommendation, _args, { loaders }) => loaders.supportCount.load(recommendation.id),

  cycle: async (recommendation, _args, { loaders }) =>
    existing(
      await loaders.sipCycle.load(recommendation.cycleId),
      `cycle ${recommendation.cycleId} of recommendation ${recommendation.id}`,
    ),
};
