import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Viewer } from "@smart/platform";
import type { BallotSeal } from "../vote/ballotSeal.js";

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

/** What a ballot's steps need besides the caller (gateway/src/vote/): central reached as the gateway's ballot work, and the seal. */
export interface BallotServices {
  /** Calls central (or the units' backlog) as the gateway's ballot work: never as the member. */
  asBallotWork: SubgraphCaller;
  seal: BallotSeal;
}
