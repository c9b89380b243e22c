import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import { Kind, OperationTypeNode, type GraphQLFormattedError } from "graphql";
import { ErrorCode } from "@smart/platform";
import type { FetchSite, PricedDataSource } from "../fetchPricing.js";

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** A member moved twice is followed twice; a loop of tombstones (never written) ends here. */
export const MAX_MOVES_FOLLOWED = 3;

/**
 * The `national` data source as the planner sees it: the shard router, following
 * members who moved to another unit. A unit answers a read of a member it holds
 * only as a tombstone with MEMBER_MOVED and their new ID (`extensions.movedTo`);
 * the fetch is then asked again with each old ID replaced by the new one (in the
 * variables, `_entities` representations included, and as a literal in the query
 * text), so `member(id: "BE:m5")` answers the member as the unit they moved to
 * holds them. Reads only: a mutation naming an old ID gets the error, which says
 * the new ID.
 */
export class MovedMemberFollower implements GraphQLDataSource, PricedDataSource {
  constructor(private readonly inner: GraphQLDataSource & PricedDataSource) {}

  /** As the router prices it: a move followed is one call more, which the request's allowance bounds. */
  unitCallsOfFetch(fetch: FetchNode, site: FetchSite): number {
    return this.inner.unitCallsOfFetch(fetch, site);
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    let current = options;
    let response = await this.inner.process(current);
    if (isMutation(options)) return response;
    for (let hop = 0; hop < MAX_MOVES_FOLLOWED; hop++) {
      const moves = movesIn(response);
      if (!moves.size) break;
      current = withIdsReplaced(current, moves);
      response = await this.inner.process(current);
    }
    return response;
  }
}

function isMutation(options: GraphQLDataSourceProcessOptions): boolean {
  const document = "document" in options ? options.document : undefined;
  if (document)
    return document.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.MUTATION,
    );
  return /^\s*mutation\b/.test(options.request.query ?? "");
}

/** Old ID → new ID of each member a unit answered with MEMBER_MOVED. */
export function movesIn(response: { errors?: readonly GraphQLFormattedError[] | undefined }): Map<string, string> {
  const moves = new Map<string, string>();
  for (const error of response.errors ?? []) {
    const { code, memberId, movedTo } = error.extensions ?? {};
    if (code === ErrorCode.MEMBER_MOVED && typeof memberId === "string" && typeof movedTo === "string")
      moves.set(memberId, movedTo);
  }
  return moves;
}

/** The fetch with each old ID replaced by the new one, in its variables and as a literal in its text. */
export function withIdsReplaced(
  options: GraphQLDataSourceProcessOptions,
  moves: ReadonlyMap<string, string>,
): GraphQLDataSourceProcessOptions {
  const replace = (value: unknown): unknown => {
    if (typeof value === "string") return moves.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner)]));
    return value;
  };
  let query = options.request.query ?? "";
  for (const [from, to] of moves) query = query.split(JSON.stringify(from)).join(JSON.stringify(to));
  const request = {
    ...options.request,
    query,
    variables: replace(options.request.variables ?? {}) as Record<string, unknown>,
  };
  if (query === options.request.query) return { ...options, request };
  // The planner's parsed document is of the old text: the router parses the new one.
  const { document: _stale, ...rest } = options as GraphQLDataSourceProcessOptions & { document?: unknown };
  return { ...rest, request };
}
