import type { MutationResolvers } from "../__generated__/member-rights-types.js";
import type { MemberRightsContext } from "../memberRights/context.js";
import { castBallot, castPriorityRanking, type VoteContext } from "./castBallot.js";

function voteContext({ viewer, steps, ballots, afterAnswer }: MemberRightsContext): VoteContext {
  if (!ballots) throw new Error("The member-rights subgraph runs without the vote's services.");
  return { viewer, steps, ballots, afterAnswer };
}

/** The vote's mutations, in the member-rights subgraph (memberRights/resolvers.ts). */
export const voteMutations = {
  castBallot: (_, { resolutionId, choice, assemblyId }, context) =>
    castBallot(resolutionId, choice, assemblyId, voteContext(context)),
  castPriorityRanking: (_, { assemblyId, ranking }, context) =>
    castPriorityRanking(assemblyId, ranking, voteContext(context)),
} satisfies MutationResolvers;
