import type { RecommendationResolvers } from "../__generated__/resolvers-types.js";
import { localized } from "../localized.js";

export const Recommendation: RecommendationResolvers = {
  title: async (recommendation, { lang }, context) => (await localized(context, recommendation.id, "title", lang, { EN: recommendation.title })).text,

  workingGroup: (recommendation, _args, { loaders }) =>
    recommendation.workingGroupId === null ? null : loaders.workingGroup.load(recommendation.workingGroupId),
};
