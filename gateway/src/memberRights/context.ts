import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Viewer } from "@smart/platform";
import type { BallotServices } from "../vote/castBallot.js";

/** What the member-rights resolvers get, per fetch. */
export interface MemberRightsContext {
  /** The caller, as the gateway verified them. */
  viewer: Viewer;
  /** Calls a unit (through the shard router) or central as the caller (named in the gateway's signed call). */
  call: SubgraphCaller;
  /** The general assembly's vote (gateway/src/vote/): central as the gateway's ballot work, and the ballot seal. */
  ballots?: BallotServices;
}

export type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** A request to the national graph (routed by the shard router) or to central, as the caller. */
export type SubgraphCaller = (target: "national" | "central", query: string, variables: Record<string, unknown>) => Promise<SubgraphResponse>;

export type FetchOptions = GraphQLDataSourceProcessOptions;
