import type { WorkingGroupResolvers } from "../__generated__/resolvers-types.js";
import { cityReference, memberReference } from "../references.js";
import { existing } from "../existing.js";
import { requireCentralId } from "../ids.js";

export const WorkingGroup: WorkingGroupResolvers = {
  // Async: a bad ID fails this representation alone, not the batch (see Country).
  __resolveReference: async (reference, { loaders }) => loaders.workingGroup.load(requireCentralId(reference.id)),

  cycle: async (group, _args, { loaders }) =>
    existing(await loaders.sipCycle.load(group.cycleId), `cycle ${group.cycleId} of working group ${group.id}`),

  city: (group) => cityReference(group.cityId),

  participants: async (group, _args, { loaders }) =>
    (await loaders.participantIdsByWorkingGroup.load(group.id)).map(memberReference),

  participantCount: async (group, _args, { loaders }) =>
    (await loaders.participantIdsByWorkingGroup.load(group.id)).length,
};
