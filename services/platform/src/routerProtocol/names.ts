import { Kind, visit, type ASTNode, type ASTVisitor, type DocumentNode } from "graphql";

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
export const ROUTER_CONNECTION_ADDITIONS: ReadonlyMap<string, { field: string; subfields: readonly string[] }> =
  new Map([
    [routerNames.edges, { field: "edges", subfields: ["cursor"] }],
    [routerNames.pageInfo, { field: "pageInfo", subfields: ["hasNextPage", "endCursor"] }],
  ]);

export const isRouterName = (name: string | undefined): boolean =>
  name !== undefined && name.startsWith(ROUTER_NAMESPACE);

/** What a caller who used a reserved name is told. */
export const reservedNameMessage = (name: string) =>
  `${JSON.stringify(name)}: names starting with ${ROUTER_NAMESPACE} are reserved for the gateway.`;

/**
 * Visits every name a caller chooses — an alias, a variable, an operation or a
 * fragment name — and calls `onReserved` for each in the reserved namespace.
 */
export function reservedNameVisitor(onReserved: (name: string, node: ASTNode) => void): ASTVisitor {
  const check = (name: string | undefined, node: ASTNode) =>
    void (name !== undefined && isRouterName(name) && onReserved(name, node));
  return {
    [Kind.FIELD]: (node) => check(node.alias?.value, node),
    [Kind.VARIABLE_DEFINITION]: (node) => check(node.variable.name.value, node),
    [Kind.OPERATION_DEFINITION]: (node) => check(node.name?.value, node),
    [Kind.FRAGMENT_DEFINITION]: (node) => check(node.name.value, node),
  };
}

/** The first name of the reserved namespace that `document` uses (reservedNameVisitor); undefined when it uses none. */
export function routerNameIn(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(
    document,
    reservedNameVisitor((name) => void (found ??= name)),
  );
  return found;
}
