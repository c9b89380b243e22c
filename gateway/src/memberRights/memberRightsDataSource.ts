import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { createLogger, type Logger } from "@smart/platform";
import { memberRightsTypeDefs } from "@smart/schema";
import type { PricedDataSource } from "../fetchPricing.js";
import { InProcessSubgraph, viewerOf } from "../inProcessSubgraph.js";
import { StepRun, type StepCaller } from "../stepRunner/index.js";
import type { MemberRightsContext } from "./context.js";
import { memberRightsSteps } from "./operations.js";
import { memberRightsResolvers } from "./resolvers.js";
import { serviceCaller } from "./retryWorker.js";
import type { BallotSeal } from "../vote/ballotSeal.js";
import { BALLOTS_VIEWER } from "../vote/ballotWork.js";
import { VoteWindows } from "../vote/voteWindows.js";
import { BallotSettles } from "../vote/ballotSettles.js";
import type { BallotServices } from "./context.js";
import type { Units } from "../unitDirectory/index.js";

export interface MemberRightsDataSourceOptions {
  /** The shard router: how a unit, or every unit, is called. */
  national: GraphQLDataSource;
  central: GraphQLDataSource;
  /** The units admitted (the unit directory): the places of an operation begun now, and its price. */
  units: Units;
  logger?: Logger;
  /** Seals the choice of a ballot its unit holds pending (gateway/src/vote/). */
  ballotSeal: BallotSeal;
}

export function buildMemberRightsSchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: memberRightsTypeDefs(),
    resolvers: memberRightsResolvers as GraphQLResolverMap<unknown>,
  });
}

/**
 * The member-rights subgraph, executed inside the gateway (like the references
 * subgraph): it calls the units through the shard router and central through its
 * data source, as the caller (named inside every signed call, never by their token).
 */
export class MemberRightsDataSource extends InProcessSubgraph<MemberRightsContext> implements PricedDataSource {
  private readonly ballots: BallotServices;

  constructor(private readonly options: MemberRightsDataSourceOptions) {
    super(buildMemberRightsSchema(), options.logger ?? createLogger("memberRights"));
    const asBallotWork = serviceCaller(options, BALLOTS_VIEWER);
    this.ballots = {
      asBallotWork,
      seal: options.ballotSeal,
      windows: new VoteWindows(),
      settles: new BallotSettles(asBallotWork),
    };
  }

  /** Sends the ballots' settles gathered so far and waits for them (before the gateway closes its pools). */
  sendBallotSettles(): Promise<void> {
    return this.ballots.settles.flush();
  }

  /** What the operations of its fields declare they may send (memberRightsSteps). */
  unitCallsOfFetch(fetch: FetchNode): number {
    return memberRightsSteps.priceOfDocument(fetch.operationDocumentNode!, this.options.units.units().length);
  }

  /** What they declare they may have in flight at once (a ballot's steps go one by one). */
  unitCallsInFlightOfFetch(fetch: FetchNode): number {
    return memberRightsSteps.inFlightOfDocument(fetch.operationDocumentNode!, this.options.units.units().length);
  }

  protected contextFor(fetch: GraphQLDataSourceProcessOptions): MemberRightsContext {
    const viewer = viewerOf(fetch.context);
    // The gateway's request context (server.ts) carries afterAnswer; the retry worker's has none.
    const afterAnswer =
      (fetch.context as Partial<Pick<MemberRightsContext, "afterAnswer">> | undefined)?.afterAnswer ??
      ((work) => work());
    return {
      viewer,
      steps: new StepRun(viewer, this.callerFor(fetch), this.options.units),
      units: this.options.units,
      ballots: this.ballots,
      afterAnswer,
    };
  }

  /** The caller's fetch with our request: the router and central name the caller from its context. */
  private callerFor(fetch: GraphQLDataSourceProcessOptions): StepCaller {
    return (target, { document, query, variables }) => {
      const request = { query, variables };
      if (target === "central") {
        const { document: _planned, ...rest } = fetch as GraphQLDataSourceProcessOptions & { document?: DocumentNode };
        return this.options.central.process({ ...rest, request });
      }
      return this.options.national.process({ ...fetch, request, document } as GraphQLDataSourceProcessOptions);
    };
  }
}
