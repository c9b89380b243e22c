import type { CodegenConfig } from "@graphql-codegen/cli";
import { operationTypesConfig, resolverTypesConfig } from "@smart/schema/codegen";

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

/** What the gateway sends to the units: every `*.national.graphql` document, typed against the national SDL. */
const nationalOperations = operationTypesConfig({
  schema: ["../schema/national.graphql", "../schema/shard.graphql", "../schema/access.graphql"],
  documents: ["src/**/*.national.graphql"],
  output: "src/__generated__/national-operations.ts",
});

/** What the gateway sends to the central office: every `*.central.graphql` document. */
const centralOperations = operationTypesConfig({
  schema: ["../schema/central.graphql"],
  documents: ["src/**/*.central.graphql"],
  output: "src/__generated__/central-operations.ts",
});

/** Each output with its own schema and documents: one codegen run for all. */
const config: CodegenConfig = {
  generates: Object.fromEntries(
    [references, memberRights, nationalOperations, centralOperations].flatMap((one) =>
      Object.entries(one.generates).map(([output, target]) => [
        output,
        { ...(target as object), schema: one.schema, ...(one.documents ? { documents: one.documents } : {}) },
      ]),
    ),
  ) as CodegenConfig["generates"],
};
export default config;
