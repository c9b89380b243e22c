import { Kind, visit, type DocumentNode } from "graphql";

/**
 * The names the gateway's shard router adds to what it sends a unit, all in one
 * reserved namespace. A caller may not use it (the gateway refuses it at
 * validation; a unit refuses it in an unsigned request), so a name in it is
 * always the router's: only then may a unit leave it out of the alias limit and
 * price the router's additions at nothing.
 */
export const ROUTER_NAMESPACE = "__sr_";

export const routerNames = {
  /** Variable switching root field `index` on for the units that answer it. */
  include: (index: number) => `${ROUTER_NAMESPACE}include_${index}`,
  /** Variable carrying each unit's own `after` of connection field `index`. */
  after: (index: number) => `${ROUTER_NAMESPACE}after_${index}`,
  /** Variable carrying the `first` each unit gets of connection field `index` (its share of a Europe-wide page). */
  first: (index: number) => `${ROUTER_NAMESPACE}first_${index}`,
  /** Variable carrying each unit's share of `_entities` field `index`. */
  representations: (index: number) => `${ROUTER_NAMESPACE}representations_${index}`,
  /** The router's `edges { cursor }` beside a caller's connection selection. */
  edges: `${ROUTER_NAMESPACE}edges`,
  /** The router's `pageInfo { hasNextPage endCursor }` beside a caller's connection selection. */
  pageInfo: `${ROUTER_NAMESPACE}pageInfo`,
  /** Alias of the `index`th member of a Member.bookings batch (gateway's references subgraph). */
  memberBookings: (index: number) => `${ROUTER_NAMESPACE}member_${index}`,
} as const;

/** The router's additions beside a connection, exactly: alias → field → its only subfields. */
export const ROUTER_CONNECTION_ADDITIONS: ReadonlyMap<string, { field: string; subfields: readonly string[] }> = new Map([
  [routerNames.edges, { field: "edges", subfields: ["cursor"] }],
  [routerNames.pageInfo, { field: "pageInfo", subfields: ["hasNextPage", "endCursor"] }],
]);

export const isRouterName = (name: string | undefined): boolean => name !== undefined && name.startsWith(ROUTER_NAMESPACE);

/**
 * The first name of the reserved namespace that `document` uses as an alias, a
 * variable, an operation or a fragment name; undefined when it uses none.
 */
export function routerNameIn(document: DocumentNode): string | undefined {
  let found: string | undefined;
  const check = (name: string | undefined) => {
    if (found === undefined && isRouterName(name)) found = name;
  };
  visit(document, {
    [Kind.FIELD]: (node) => check(node.alias?.value),
    [Kind.VARIABLE_DEFINITION]: (node) => check(node.variable.name.value),
    [Kind.OPERATION_DEFINITION]: (node) => check(node.name?.value),
    [Kind.FRAGMENT_DEFINITION]: (node) => check(node.name.value),
  });
  return found;
}
