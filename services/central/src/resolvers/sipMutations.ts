import type { MutationResolvers } from "../__generated__/resolvers-types.js";
import { closeSipCycle, openSipCycle } from "../sip/cycles.js";
import { addRecommendation, addRecommendationSupport, setRecommendationStatus } from "../sip/recommendations.js";
import { addWorkingGroup, addWorkingGroupParticipant, leaveWorkingGroup } from "../sip/workingGroups.js";

/** Smart In Progress, written: the central office's operations, leaving a group, and the gateway's steps. */
export const sipMutations: MutationResolvers = {
  openSipCycle: (_, { input }, context) => openSipCycle(input, context),
  closeSipCycle: (_, { cycleId }, context) => closeSipCycle(cycleId, context),
  leaveWorkingGroup: (_, { workingGroupId }, context) => leaveWorkingGroup(workingGroupId, context),
  setRecommendationStatus: (_, { recommendationId, status }, context) =>
    setRecommendationStatus(recommendationId, status, context),
  addWorkingGroup: (_, { cycleId, cityId, topic }, context) => addWorkingGroup(cycleId, cityId, topic, context),
  addWorkingGroupParticipant: (_, { workingGroupId }, context) => addWorkingGroupParticipant(workingGroupId, context),
  addRecommendation: (_, { workingGroupId, title }, context) => addRecommendation(workingGroupId, title, context),
  addRecommendationSupport: (_, { recommendationId }, context) => addRecommendationSupport(recommendationId, context),
};
