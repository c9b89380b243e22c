import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Dispatcher } from "undici";
import { createLogger, unitFetchDuration, type GatewaySigner, type Logger } from "@smart/platform";
import { shardUnavailable } from "./shardRouter/errors.js";
import { callSubgraph, forwardedHeaders, outcomeLabel } from "./upstream.js";

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

export interface CentralDataSourceOptions {
  url: string;
  deadlineMs: number;
  dispatcher: Dispatcher;
  signer: GatewaySigner;
  logger?: Logger;
}

/**
 * The central office's subgraph, called like a unit (upstream.ts): signed for
 * central, the caller as the gateway verified them and their Accept-Language (the
 * default `lang` of the central office's texts) inside the signature, the units' deadline, the caller's mistakes passed on
 * as the central office's verdict, and no answer reported as SHARD_UNAVAILABLE
 * with `extensions.unit: "central"`.
 */
export class CentralDataSource implements GraphQLDataSource {
  private readonly logger: Logger;

  constructor(private readonly options: CentralDataSourceOptions) {
    this.logger = options.logger ?? createLogger("central-data-source");
  }

  async process(fetch: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    const { request } = fetch;
    const payload = {
      query: request.query ?? "",
      variables: request.variables ?? {},
      ...(request.operationName ? { operationName: request.operationName } : {}),
    };
    const timer = unitFetchDuration.startTimer({ unit: "central" });
    const outcome = await callSubgraph(this.options.url, payload, {
      headers: forwardedHeaders(fetch),
      deadlineMs: this.options.deadlineMs,
      dispatcher: this.options.dispatcher,
      signer: this.options.signer,
      target: "central",
    });
    timer({ outcome: outcomeLabel(outcome) });
    if (outcome.answered)
      return outcome.errors.length ? { data: outcome.data, errors: outcome.errors } : { data: outcome.data };
    this.logger.warn(
      { unit: "central", reason: outcome.reason, detail: outcome.detail, unitErrors: outcome.subgraphErrors },
      "central office unavailable",
    );
    return { errors: [shardUnavailable("central", outcome.reason)] };
  }
}
