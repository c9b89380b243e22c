import type { CodegenConfig } from "@graphql-codegen/cli";
import { resolverTypesConfig } from "@smart/schema/codegen";

/** Resolver types for the subgraphs the gateway runs in process, generated from the SDL in schema/. */
const references = resolverTypesConfig({
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

const memberRights = resolverTypesConfig({
  schema: ["../schema/memberRights.graphql"],
  output: "src/__generated__/member-rights-types.ts",
  contextType: "../memberRights/context.js#MemberRightsContext",
  scalars: { DateTime: "Date | string", JSON: "unknown" },
  mappers: {
    MemberDataExport: "../memberRights/memberDataExport.js#MemberDataExportParent",
  },
});

/** Each output with its own schema: one codegen run for both. */
const config: CodegenConfig = {
  generates: Object.fromEntries(
    [references, memberRights].flatMap((one) =>
      Object.entries(one.generates).map(([output, target]) => [output, { ...(target as object), schema: one.schema }]),
    ),
  ) as CodegenConfig["generates"],
};
export default config;
