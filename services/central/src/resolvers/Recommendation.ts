import type { RecommendationResolvers } from "../__generated__/resolvers-types.js";

export const Recommendation: RecommendationResolvers = {
  workingGroup: (recommendation, _args, { loaders }) =>
    recommendation.workingGroupId === null ? null : loaders.workingGroup.load(recommendation.workingGroupId),
};
