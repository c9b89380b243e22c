import { resolverTypesConfig } from "@smart/schema/codegen";

/** Resolver types for the central subgraph, generated from the SDL in schema/. */
export default resolverTypesConfig({
  schema: ["../../schema/central.graphql"],
  output: "src/__generated__/resolvers-types.ts",
  contextType: "../context.js#CentralContext",
  // The entities share the GraphQL types' names: import them as CountryRow, …
  mapperTypeSuffix: "Row",
  mappers: {
    Country: "../entity/Country.js#Country",
    Assembly: "../entity/Assembly.js#Assembly",
    Resolution: "../entity/Resolution.js#Resolution",
    SipCycle: "../entity/SipCycle.js#SipCycle",
    WorkingGroup: "../entity/WorkingGroup.js#WorkingGroup",
    Recommendation: "../entity/Recommendation.js#Recommendation",
    SipCountryParticipation: "../sip/participation.js#SipCountryParticipation",
    BudgetPriority: "../entity/BudgetPriority.js#BudgetPriority",
    UnitTurnout: "../vote/tally.js#UnitTurnout",
    CountryTally: "../vote/tally.js#CountryTally",
    BallotTally: "../vote/tally.js#BallotTally",
    PriorityScore: "../vote/tally.js#PriorityScore",
  },
  scalars: { DateTime: "Date" },
});
