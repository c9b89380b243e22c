import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { createRequire } from "node:module";
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { ComplexityEstimator } from "graphql-query-complexity";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { readConfig } from "./config.js";
import { MAX_PAGE_SIZE } from "./cursor.js";
import { checkNoControlCharacters } from "./controlCharacters.js";
import {
  isRouterName,
  reservedNameMessage,
  ROUTER_CONNECTION_ADDITIONS,
  routerNameIn,
} from "./routerProtocol/index.js";

/**
 * graphql-query-complexity's ESM build imports `graphql/index.mjs`, a second copy of
 * graphql beside the CommonJS one that Apollo builds every schema with: its type
 * checks would fail on our schemas ("from another module or realm") and no cost would
 * ever be computed. Its CommonJS build shares the one graphql everything else uses.
 */
const { getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/** Limits on what one request may ask; each configurable by environment. */
export interface QueryLimits {
  /** Deepest field nesting (default 12). */
  maxDepth: number;
  /** Estimated cost: each field 1, times the `first` of the connection it is under or the days of the range it spans (default 5,000). */
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
  return {
    maxDepth: config.QUERY_MAX_DEPTH,
    maxCost: config.QUERY_MAX_COST,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxTokens: config.QUERY_MAX_TOKENS,
  };
}

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });

/** A connection's fields cost `first` times their children (page size bounds the multiplier). */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" && args.first > 0 ? Math.min(args.first, MAX_PAGE_SIZE) : undefined;
  return first === undefined ? undefined : 1 + first * Math.max(childComplexity, 1);
};

/** Representations one unsigned `_entities` call may ask for (the gateway's own calls are priced by the gateway). */
export const MAX_UNSIGNED_REPRESENTATIONS = 100;

/**
 * The router's own `__sr_edges: edges { cursor }` and `__sr_pageInfo: pageInfo { … }`
 * cost nothing in a signed request: the gateway priced the caller's query without
 * them, and charging them again (5 fields times `first`) made every unit refuse a
 * query the gateway had let through. Only those exact shapes are free.
 */
const routerAdditionsEstimator: ComplexityEstimator = ({ node }) => {
  const addition = node.alias ? ROUTER_CONNECTION_ADDITIONS.get(node.alias.value) : undefined;
  if (!addition || node.name.value !== addition.field || node.arguments?.length || node.directives?.length)
    return undefined;
  const onlyItsSubfields = (node.selectionSet?.selections ?? []).every(
    (s) =>
      s.kind === Kind.FIELD &&
      !s.alias &&
      !s.selectionSet &&
      !s.arguments?.length &&
      !s.directives?.length &&
      addition.subfields.includes(s.name.value),
  );
  return onlyItsSubfields ? 0 : undefined;
};

/** A list over a range of days (`from`, `to`: `availabilityRange`, bookings) costs its selection once per day. */
const dateRangeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const { from, to } = args as { from?: unknown; to?: unknown };
  if (typeof from !== "string" || typeof to !== "string") return undefined;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return Number.isFinite(days) && days >= 1 ? 1 + Math.min(days, 366) * Math.max(childComplexity, 1) : undefined;
};

/** An unsigned `_entities` resolves each representation: it costs its selection once per representation. */
const representationsEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name !== "_entities" || !Array.isArray(args.representations)) return undefined;
  return 1 + args.representations.length * Math.max(childComplexity, 1);
};

function measureShape(document: DocumentNode, routerAliasesFree: boolean): { depth: number; aliases: number } {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  let aliases = 0;
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        // In a signed request, the router's own aliases are not the caller's.
        if (selection.alias && !(routerAliasesFree && isRouterName(selection.alias.value))) aliases++;
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
    if (definition.kind === Kind.OPERATION_DEFINITION)
      depth = Math.max(depth, depthOf(definition.selectionSet, new Set()));
  }
  return { depth, aliases };
}

export interface QueryLimitsOptions<TContext> {
  /**
   * Whether the gateway signed this request (units): only then may it use the
   * router's namespace, with the router's additions free and its aliases uncounted.
   * Absent (the gateway itself): every request is a caller's.
   */
  signedByGateway?: (context: TContext) => boolean;
}

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });

/**
 * Refuses, before execution, an operation deeper, costlier or more aliased than
 * `limits` allow, with QUERY_TOO_COMPLEX; a caller's use of the router's namespace
 * and control characters in any string input with BAD_USER_INPUT. (Token count
 * is the parser's job: pass `parseOptions: { maxTokens }` to ApolloServer.) Also
 * refuses an operation type the schema has no root for (a subscription):
 * graphql-js 16 does not validate that, and executing it fails as a server error.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(
  limits: QueryLimits,
  options: QueryLimitsOptions<TContext> = {},
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, operationName, operation, contextValue }) {
          if (operation && !schema.getRootType(operation.operation)) {
            throw new GraphQLError(`This graph has no ${operation.operation} operations.`, {
              nodes: operation,
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
            });
          }
          const signed = options.signedByGateway?.(contextValue) ?? false;
          const analysis = analysisOf(document, signed);
          if (!signed && analysis.reservedName) {
            throw badInput(reservedNameMessage(analysis.reservedName));
          }
          checkNoControlCharacters(document, request.variables);
          if (analysis.depth > limits.maxDepth)
            throw tooComplex(`Query is ${analysis.depth} levels deep; the limit is ${limits.maxDepth}.`);
          if (analysis.aliases > limits.maxAliases)
            throw tooComplex(`Query uses ${analysis.aliases} aliases; the limit is ${limits.maxAliases}.`);
          const variables = request.variables ?? {};
          const costKey = analysis.costKey(variables, operationName);
          let cost = analysis.costs.get(costKey);
          if (cost === undefined) {
            try {
              cost = getComplexity({
                schema,
                query: document,
                variables,
                operationName: operationName ?? undefined,
                estimators: [
                  ...(signed ? [routerAdditionsEstimator] : [unsignedEntitiesEstimator]),
                  pageSizeEstimator,
                  dateRangeEstimator,
                  simpleEstimator({ defaultComplexity: 1 }),
                ],
              });
            } catch (error) {
              if (!(error instanceof GraphQLError)) throw error;
              if (error.extensions.code === "QUERY_TOO_COMPLEX") throw error;
              return; // variables that do not coerce: execution reports them as BAD_USER_INPUT
            }
            analysis.costs.set(costKey, cost);
          }
          if (cost > limits.maxCost)
            throw tooComplex(
              `Query costs about ${cost}; the limit is ${limits.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
            );
        },
      };
    },
  };
}

/** Unsigned `_entities`: at most MAX_UNSIGNED_REPRESENTATIONS, each priced. */
const unsignedEntitiesEstimator: ComplexityEstimator = (options) => {
  const { field, args } = options;
  if (
    field.name === "_entities" &&
    Array.isArray(args.representations) &&
    args.representations.length > MAX_UNSIGNED_REPRESENTATIONS
  ) {
    throw tooComplex(
      `_entities: at most ${MAX_UNSIGNED_REPRESENTATIONS} representations per request (got ${args.representations.length}).`,
    );
  }
  return representationsEstimator(options);
};

/**
 * What the limits need of one document, worked out once: Apollo keeps parsed
 * documents (its document store), so a query sent again is the same object, and
 * a unit gets the router's same few texts again and again. Only the cost can
 * depend on variables: on those given to `first`, `from`, `to`, `@include`/`@skip`
 * and (their number) `representations`, which key it.
 */
interface DocumentAnalysis {
  depth: number;
  aliases: number;
  reservedName: string | undefined;
  costKey(variables: Record<string, unknown>, operationName: string | null | undefined): string;
  costs: LRUCache<string, number>;
}

const COST_ARGUMENTS = new Set(["first", "from", "to", "representations", "if"]);
const COSTS_KEPT_PER_DOCUMENT = 64;
const analyses = [
  new WeakMap<DocumentNode, DocumentAnalysis>(),
  new WeakMap<DocumentNode, DocumentAnalysis>(),
] as const;

function analysisOf(document: DocumentNode, signed: boolean): DocumentAnalysis {
  const cache = analyses[signed ? 1 : 0];
  let analysis = cache.get(document);
  if (analysis) return analysis;
  const { depth, aliases } = measureShape(document, signed);
  const costVariables = new Set<string>();
  visit(document, {
    [Kind.ARGUMENT]: (node) => {
      if (COST_ARGUMENTS.has(node.name.value) && node.value.kind === Kind.VARIABLE)
        costVariables.add(node.value.name.value);
    },
  });
  analysis = {
    depth,
    aliases,
    reservedName: routerNameIn(document),
    costKey: (variables, operationName) =>
      JSON.stringify([
        operationName ?? null,
        ...[...costVariables].map((name) =>
          Array.isArray(variables[name]) ? (variables[name] as unknown[]).length : (variables[name] ?? null),
        ),
      ]),
    costs: new LRUCache<string, number>({ max: COSTS_KEPT_PER_DOCUMENT }),
  };
  cache.set(document, analysis);
  return analysis;
}
