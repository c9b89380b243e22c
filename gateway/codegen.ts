import { resolverTypesConfig } from "@smart/schema/codegen";

/** Resolver types for the references subgraph the gateway runs in process, generated from the SDL in schema/. */
export default resolverTypesConfig({
  schema: ["../schema/references.graphql", "../schema/access.graphql"],
  output: "src/__generated__/references-types.ts",
  contextType: "../references/context.js#ReferencesContext",
  mappers: {
    Member: "../references/entities.js#MemberReference",
    Booking: "../references/entities.js#BookingReference",
    BudgetPriority: "../references/entities.js#BudgetPriorityReference",
    Indicator: "../indicators/catalogue.js#IndicatorValue",
  },
});
