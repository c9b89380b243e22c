import type { Resolvers } from "../__generated__/resolvers-types.js";
import { ballotCounted, ballotSubject, recordBallot, recordPriorityRanking } from "./ballots.js";
import { closeAssemblyVote, openAssemblyVote, scheduleAssembly } from "./schedule.js";
import { priorityRankingOf, tallyOf, voteLoadersOf } from "./tally.js";

/** The general assembly's vote: merged into the subgraph's resolvers (resolvers/index.ts). */
export const voteResolvers = {
  Query: {
    ballotCounted: (_, { receipt }, context) => ballotCounted(receipt, context),
    ballotSubject: (_, { resolutionId, assemblyId }, context) => ballotSubject(resolutionId, assemblyId, context),
  },
  Mutation: {
    scheduleAssembly: (_, { input }, context) => scheduleAssembly(input, context),
    openAssemblyVote: (_, { assemblyId, closesAt }, context) => openAssemblyVote(assemblyId, closesAt, context),
    closeAssemblyVote: (_, { assemblyId }, context) => closeAssemblyVote(assemblyId, context),
    recordBallot: (_, { token, resolutionId, unit, choice }, context) =>
      recordBallot(token, resolutionId, unit, choice, context),
    recordPriorityRanking: (_, { token, assemblyId, unit, ranking }, context) =>
      recordPriorityRanking(token, assemblyId, unit, ranking, context),
  },
  Assembly: {
    prioritiesOnBallot: (assembly, _args, context) => voteLoadersOf(context).prioritiesOnBallot.load(assembly.id),
    priorityRanking: (assembly, _args, context) => priorityRankingOf(assembly, context),
  },
  Resolution: {
    turnout: (resolution, _args, context) => voteLoadersOf(context).turnout.load(resolution.id),
    tally: (resolution, _args, context) => tallyOf(resolution, context),
  },
  UnitTurnout: { country: (turnout, _args, { loaders }) => loaders.country.load(turnout.unit) as never },
  CountryTally: { country: (tally, _args, { loaders }) => loaders.country.load(tally.unit) as never },
} satisfies Resolvers;
