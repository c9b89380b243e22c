import type { FetchNode, PlanNode, QueryPlan, SubscriptionNode } from "@apollo/query-planner";
import {
  getVariableValues,
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from "graphql";
import { LRUCache } from "lru-cache";
import { MAX_UNPAGED_ROWS } from "@smart/platform";
import { isPriced } from "./fetchPricing.js";
import type { Json } from "./json.js";
import { fragmentsOf, type FragmentMap } from "./shardRouter/selections.js";

/** The page a connection gives without `first` (the SDL's `first: Int = 20`). */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * How many items a list without `first` is taken to hold when pricing what runs
 * once per item: the most a unit gives (MAX_UNPAGED_ROWS, which it enforces), so that
 * a price is a bound and not a guess — a list of 4,906 bookings priced as 20 made 880 calls.
 */
export const UNPAGED_LIST_BOUND = MAX_UNPAGED_ROWS;

export interface PricingRequest {
  /** The caller's operation and variables. */
  document: DocumentNode;
  operationName?: string | null;
  variables: Json;
}

/** What a query plan costs: the unit calls it makes, and the most of them in flight at once. */
export interface PlanPrice {
  calls: number;
  inFlight: number;
}

/**
 * The unit calls a query plan will make: what one request costs the units,
 * which the gateway's cost limit (a price per field) does not see — a field
 * repeated under 150 aliases with different arguments is 150 fan-outs to nine
 * units. Priced before any call: each fetch by its subgraph's data source
 * (`PricedDataSource`: the shard router, the references and the member-rights
 * subgraphs), told the variables and how many objects the fetch runs for; a
 * fetch of any other (central) is one call. In flight at once: the fetches of a
 * sequence one after another, those of a parallel node together, and within a
 * fetch what its data source says (a ballot's steps, one at a time).
 */
export function priceQueryPlan(
  plan: QueryPlan,
  request: PricingRequest,
  services: Readonly<Record<string, object>>,
): PlanPrice {
  const operation = operationOf(request.document, request.operationName);
  const fragments = fragmentsOf(request.document);
  const FREE: PlanPrice = { calls: 0, inFlight: 0 };
  const together = (prices: readonly PlanPrice[]): PlanPrice => ({
    calls: prices.reduce((sum, p) => sum + p.calls, 0),
    inFlight: prices.reduce((sum, p) => sum + p.inFlight, 0),
  });
  const price = (node: PlanNode | SubscriptionNode | undefined, path: readonly (string | number)[]): PlanPrice => {
    if (!node) return FREE;
    switch (node.kind) {
      case "Sequence": {
        const steps = node.nodes.map((child) => price(child, path));
        return { calls: together(steps).calls, inFlight: Math.max(0, ...steps.map((p) => p.inFlight)) };
      }
      case "Parallel":
        return together(node.nodes.map((child) => price(child, path)));
      case "Flatten":
        return price(node.node, node.path);
      case "Condition": {
        const on = request.variables[node.condition] === true;
        return price(on ? node.ifClause : node.elseClause, path);
      }
      case "Defer":
        return together([price(node.primary.node, path), ...node.deferred.map((d) => price(d.node, path))]);
      case "Subscription":
        return together([price(node.primary, path), price(node.rest, path)]);
      case "Fetch":
        return priceFetch(node, path);
    }
  };
  const priceFetch = (fetch: FetchNode, path: readonly (string | number)[]): PlanPrice => {
    const source = services[fetch.serviceName];
    if (!source || !isPriced(source)) return { calls: 1, inFlight: 1 };
    const site = {
      variables: request.variables,
      items: () =>
        operation ? itemsAlong(path, operation.selectionSet, fragments, request.variables) : UNPAGED_LIST_BOUND,
    };
    const calls = source.unitCallsOfFetch(fetch, site);
    return { calls, inFlight: Math.min(calls, source.unitCallsInFlightOfFetch?.(fetch, site) ?? calls) };
  };
  return price(plan.node, []);
}

/**
 * The variables as the operation will run with them: each definition's default
 * applied where the caller sent none, values coerced to their types. Priced with
 * the caller's raw variables, `query($x: Boolean = true) { … @include(if: $x) }` or
 * `first: $n` with `$n: Int = 100` would be priced as if absent. When they do not
 * coerce, the raw ones (execution refuses them before any fetch).
 */
export function coercedVariables(request: {
  schema: GraphQLSchema;
  operation?: { variableDefinitions?: readonly VariableDefinitionNode[] | undefined } | undefined;
  request: { variables?: Json | undefined };
}): Json {
  const raw = request.request.variables ?? {};
  const definitions = request.operation?.variableDefinitions;
  if (!definitions?.length) return raw;
  const result = getVariableValues(request.schema, definitions, raw);
  return result.coerced ? { ...result.coerced } : raw;
}

/** Prices kept per plan: one per operation name and variables, the few a client sends again and again. */
const PRICES_KEPT_PER_PLAN = 64;

/**
 * priceQueryPlan, kept per plan, variables and number of units admitted (`units`):
 * a plan's price depends on nothing else, and the same operation comes back with
 * the same variables (a page, a count).
 */
export function planPricer(
  services: Readonly<Record<string, object>>,
  units: () => number,
): (plan: QueryPlan, request: PricingRequest) => PlanPrice {
  const prices = new WeakMap<QueryPlan, LRUCache<string, PlanPrice>>();
  return (plan, request) => {
    let kept = prices.get(plan);
    if (!kept) prices.set(plan, (kept = new LRUCache<string, PlanPrice>({ max: PRICES_KEPT_PER_PLAN })));
    const key = `${units()}\u0000${request.operationName ?? ""}\u0000${JSON.stringify(request.variables)}`;
    let price = kept.get(key);
    if (price === undefined) kept.set(key, (price = priceQueryPlan(plan, request, services)));
    return price;
  };
}

export const tooManyUnitCalls = (calls: number, budget: number, units: number) =>
  new GraphQLError(
    `This request would make about ${calls} calls to the national units; the limit is ${budget}. ` +
      `Name a country where you can, and ask fewer distinct arguments of fields that span every unit (each costs ${units}).`,
    { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } },
  );

/**
 * How many objects a fetch at `path` (response keys, `@` for each list item)
 * runs for: each list counts its `first` (of the list field, or of the
 * connection above its `edges`, else its default page), else UNPAGED_LIST_BOUND.
 */
function itemsAlong(
  path: readonly (string | number)[],
  root: SelectionSetNode,
  fragments: FragmentMap,
  variables: Json,
): number {
  let items = 1;
  let selections: SelectionSetNode | undefined = root;
  let field: FieldNode | undefined;
  let parentFirst: number | undefined;
  for (const step of path) {
    if (step === "@") {
      const own = firstOf(field, variables);
      items *= own ?? (field?.name.value === "edges" ? (parentFirst ?? DEFAULT_PAGE_SIZE) : UNPAGED_LIST_BOUND);
      continue;
    }
    parentFirst = firstOf(field, variables) ?? parentFirst;
    field = selections ? fieldByResponseKey(selections, String(step), fragments) : undefined;
    selections = field?.selectionSet;
  }
  return items;
}

function firstOf(field: FieldNode | undefined, variables: Json): number | undefined {
  const argument = field?.arguments?.find((a) => a.name.value === "first");
  const value = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
  return typeof value === "number" && value > 0 ? value : undefined;
}

function fieldByResponseKey(set: SelectionSetNode, key: string, fragments: FragmentMap): FieldNode | undefined {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === key) return selection;
    const nested =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : selection.kind === Kind.FRAGMENT_SPREAD
          ? fragments.get(selection.name.value)?.selectionSet
          : undefined;
    const found = nested && fieldByResponseKey(nested, key, fragments);
    if (found) return found;
  }
  return undefined;
}

function operationOf(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? operations.find((o) => o.name?.value === name) : operations[0];
}
