import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { GraphQLSchema } from "graphql";
import { enforceAccessDirective } from "@smart/platform";
import { referencesTypeDefs } from "@smart/schema";
import { referencesAccessPolicy } from "./accessPolicy.js";
import { referencesResolvers } from "./resolvers.js";

/** The references subgraph's executable schema, `@access` enforced as every subgraph does. */
export function buildReferencesSchema(): GraphQLSchema {
  return enforceAccessDirective(
    buildSubgraphSchema({
      typeDefs: referencesTypeDefs(),
      resolvers: referencesResolvers as GraphQLResolverMap<unknown>,
    }),
    referencesAccessPolicy,
  );
}
