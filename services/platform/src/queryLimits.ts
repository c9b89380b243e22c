import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { z } from "zod";
import { readConfig } from "./config.js";

/** Limits on what one request may ask; each configurable by environment. */
export interface QueryLimits {
  /** Deepest field nesting (default 12). */
  maxDepth: number;
  /** Estimated cost: each field 1, times the `first` of the connection it is under (default 5,000). */
  maxCost: number;
  /** Aliased fields per operation (default 30). */
  maxAliases: number;
  /** Lexical tokens in the document, enforced by the parser (default 2,000). */
  maxTokens: number;
}

/** The limits from QUERY_MAX_DEPTH, QUERY_MAX_COST, QUERY_MAX_ALIASES and QUERY_MAX_TOKENS; a bad value is a ConfigError. */
export function queryLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const wholeNumber = (min: number, fallback: number) =>
    z.coerce.number().int(`expected a whole number`).min(min, `expected at least ${min}`).default(fallback);
  const config = readConfig(
    {
      QUERY_MAX_DEPTH: wholeNumber(1, 12),
      QUERY_MAX_COST: wholeNumber(1, 5000),
      QUERY_MAX_ALIASES: wholeNumber(0, 30),
      QUERY_MAX_TOKENS: wholeNumber(10, 2000),
    },
    env,
  );
  return { maxDepth: config.QUERY_MAX_DEPTH, maxCost: config.QUERY_MAX_COST, maxAliases: config.QUERY_MAX_ALIASES, maxTokens: config.QUERY_MAX_TOKENS };
}

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });

/** A connection's fields cost `first` times their children (page size bounds the multiplier). */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" && args.first > 0 ? Math.min(args.first, 100) : undefined;
  return first === undefined ? undefined : 1 + first * Math.max(childComplexity, 1);
};

/** Prefix of the aliases the gateway's shard router injects (gateway/src/shardRouter/preparedFetch.ts). */
export const ROUTER_ALIAS_PREFIX = "__sr_";

/** The selections the router adds beside a caller's connection, exactly: alias → field → its only subfields. */
const ROUTER_CONNECTION_ADDITIONS = new Map<string, { field: string; subfields: readonly string[] }>([
  [`${ROUTER_ALIAS_PREFIX}edges`, { field: "edges", subfields: ["cursor"] }],
  [`${ROUTER_ALIAS_PREFIX}pageInfo`, { field: "pageInfo", subfields: ["hasNextPage", "endCursor"] }],
]);

/**
 * The router's own `__sr_edges: edges { cursor }` and `__sr_pageInfo: pageInfo { … }`
 * cost nothing at a unit: the gateway priced the caller's query without them, and
 * charging them again (5 fields times `first`) made every unit refuse a query the
 * gateway had let through. Only those exact shapes are free, so an alias is no way
 * around the limit for a caller at the unit's own endpoint.
 */
const routerAdditionsEstimator: ComplexityEstimator = ({ node }) => {
  const addition = node.alias ? ROUTER_CONNECTION_ADDITIONS.get(node.alias.value) : undefined;
  if (!addition || node.name.value !== addition.field || node.arguments?.length || node.directives?.length) return undefined;
  const onlyItsSubfields = (node.selectionSet?.selections ?? []).every(
    (s) => s.kind === Kind.FIELD && !s.alias && !s.selectionSet && !s.arguments?.length && !s.directives?.length && addition.subfields.includes(s.name.value),
  );
  return onlyItsSubfields ? 0 : undefined;
};

function measureShape(document: DocumentNode): { depth: number; aliases: number } {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  let aliases = 0;
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        // The gateway's shard router adds `__sr_` aliases of its own; they are not the caller's.
        if (selection.alias && !selection.alias.value.startsWith(ROUTER_ALIAS_PREFIX)) aliases++;
        if (selection.name.value.startsWith("__")) continue;
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue; // a fragment cycle is the validator's to report
        deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  let depth = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) depth = Math.max(depth, depthOf(definition.selectionSet, new Set()));
  }
  return { depth, aliases };
}

/**
 * Refuses, before execution, an operation deeper, costlier or more aliased than
 * `limits` allow, with QUERY_TOO_COMPLEX. (Token count is the parser's job:
 * pass `parseOptions: { maxTokens }` to ApolloServer.) Also refuses an operation
 * type the schema has no root for (a subscription): graphql-js 16 does not
 * validate that, and executing it fails as a server error (a 500 at the gateway).
 */
export function queryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits, schemaOf?: () => GraphQLSchema): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, operationName, operation }) {
          if (operation && !schema.getRootType(operation.operation)) {
            throw new GraphQLError(`This graph has no ${operation.operation} operations.`, {
              nodes: operation,
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
            });
          }
          const { depth, aliases } = measureShape(document);
          if (depth > limits.maxDepth) throw tooComplex(`Query is ${depth} levels deep; the limit is ${limits.maxDepth}.`);
          if (aliases > limits.maxAliases) throw tooComplex(`Query uses ${aliases} aliases; the limit is ${limits.maxAliases}.`);
          let cost: number;
          try {
            cost = getComplexity({
            schema: schemaOf?.() ?? schema,
            query: document,
            variables: request.variables ?? {},
            operationName: operationName ?? undefined,
            estimators: [routerAdditionsEstimator, pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            return; // variables that do not coerce: execution reports them as BAD_USER_INPUT
          }
          if (cost > limits.maxCost) throw tooComplex(`Query costs about ${cost}; the limit is ${limits.maxCost}. Ask for smaller pages (first) or fewer nested lists.`);
        },
      };
    },
  };
}
