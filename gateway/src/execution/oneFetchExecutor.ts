import { ApolloGateway, type GatewayConfig, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ERRORS, errorCodeDef } from "@apollo/federation-internals";
import type { FetchNode, QueryPlan } from "@apollo/query-planner";
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from "@apollo/server-gateway-interface";
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { gatewayPlanRuns } from "@smart/platform";
import { compileResponseShaper, UnshapeableOperation, type ResponseShaper } from "./responseShaper.js";

type Json = Record<string, unknown>;

/** An operation @apollo/gateway planned as one root fetch: sent as it is, its answer shaped by a compiled shaper. */
interface OneFetchOperation {
  plan: QueryPlan;
  fetch: FetchNode;
  service: GraphQLDataSource;
  shaper: ResponseShaper;
}

export interface OneFetchExecutorOptions {
  /** The composed supergraph the @apollo/gateway inside plans with. */
  supergraphSdl: string;
  /** Its query plan store, in MiB (@apollo/gateway's default: 30). */
  queryPlanStoreMiB?: number;
  logger?: GatewayConfig["logger"];
  /** The data source of each subgraph, by the supergraph's name. */
  services: Readonly<Record<string, GraphQLDataSource>>;
  /** What the gateway does with each plan before it runs (the unit-call budget): may throw to refuse it. */
  didResolveQueryPlan: (plan: QueryPlan, requestContext: GatewayGraphQLRequestContext) => void;
}

/**
 * Apollo Server's gateway, with the commonest plan run without @apollo/gateway's
 * interpreter: most operations (a unit's page, a Europe-wide page, a count, a
 * booking) are planned as a single fetch of one subgraph. For those,
 * @apollo/gateway rebuilds a federation Operation from the document on every
 * request and shapes the answer by walking it; here the plan is kept per
 * document, the shaping compiled once (responseShaper.ts), and the fetch sent
 * with what @apollo/gateway would send. Every other plan (entities joined across
 * subgraphs, introspection, `@defer`) and each operation's first request go to
 * @apollo/gateway, whose planning is the one source of plans.
 */
export class OneFetchExecutor implements GatewayInterface {
  /** By Apollo's parsed document (its document store hands the same object for the same text); null: not one fetch. */
  private known = new WeakMap<DocumentNode, Map<string | null, OneFetchOperation | null>>();
  private schema: GraphQLSchema | undefined;
  private readonly gateway: ApolloGateway;

  constructor(private readonly options: OneFetchExecutorOptions) {
    this.gateway = new ApolloGateway({
      supergraphSdl: options.supergraphSdl,
      // The shard router (and the one-fetch path) read the planner's parsed fetch instead of parsing it again.
      queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
      ...(options.queryPlanStoreMiB ? { experimental_approximateQueryPlanStoreMiB: options.queryPlanStoreMiB } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      buildService: ({ name, url }) => {
        if (Object.hasOwn(options.services, name)) return options.services[name]!;
        throw new Error(`The supergraph names a subgraph the gateway does not know: ${name} (${url ?? "no URL"})`);
      },
      // Each plan @apollo/gateway runs: priced, and kept when it is one fetch.
      experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => this.didResolveQueryPlan(queryPlan, requestContext),
    });
    this.gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      this.schema = apiSchema;
      this.known = new WeakMap();
    });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.gateway.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<GatewayInterface["load"]>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.gateway.load(options);
    if (!executor) throw new Error("@apollo/gateway loaded no executor");
    return { executor: this.executor(executor) };
  }

  stop(): Promise<void> {
    return this.gateway.stop();
  }

  private didResolveQueryPlan(plan: QueryPlan, requestContext: GatewayGraphQLRequestContext): void {
    this.options.didResolveQueryPlan(plan, requestContext);
    const byOperation = this.operationsOf(requestContext.document);
    const name = requestContext.operationName ?? null;
    if (!byOperation.has(name)) byOperation.set(name, this.oneFetchOf(plan, requestContext));
  }

  private executor(planned: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const known = this.known.get(requestContext.document)?.get(requestContext.operationName ?? null);
      if (!known) {
        gatewayPlanRuns.inc({ runner: "apollo_gateway" });
        return planned(requestContext);
      }
      gatewayPlanRuns.inc({ runner: "one_fetch" });
      // As @apollo/gateway: the variables first, then the plan's hook, then the fetch.
      const variableErrors = coercionErrors(requestContext);
      if (variableErrors.length) return { errors: variableErrors };
      this.options.didResolveQueryPlan(known.plan, requestContext);
      return this.run(known, requestContext);
    };
  }

  private async run({ fetch, service, shaper }: OneFetchOperation, requestContext: GatewayGraphQLRequestContext) {
    const provided = requestContext.request.variables ?? {};
    const variables: Json = Object.create(null) as Json;
    for (const name of fetch.variableUsages ?? []) if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    const errors: GraphQLError[] = [];
    let data: Json | null | undefined;
    try {
      const response = await service.process({
        // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported from the package root).
        kind: "incoming operation",
        request: { query: fetch.operation, variables, ...(fetch.operationName ? { operationName: fetch.operationName } : {}) },
        incomingRequestContext: requestContext,
        context: requestContext.context,
        ...(fetch.operationDocumentNode ? { document: fetch.operationDocumentNode } : {}),
        pathInIncomingRequest: [],
      } as unknown as GraphQLDataSourceProcessOptions);
      for (const error of response.errors ?? []) errors.push(downstreamServiceError(error, fetch.serviceName));
      data = response.data;
    } catch (error) {
      errors.push(error as GraphQLError);
    }
    let shaped: ReturnType<ResponseShaper["shape"]>;
    try {
      shaped = shaper.shape(data ?? (Object.create(null) as Json), provided);
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error })] };
    }
    // As @apollo/gateway: what the shaping found is only reported when the fetch itself had no errors.
    if (!errors.length && shaped.errors.length) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
    return errors.length ? { errors, data: shaped.data } : { data: shaped.data };
  }

  private operationsOf(document: DocumentNode): Map<string | null, OneFetchOperation | null> {
    let byOperation = this.known.get(document);
    if (!byOperation) this.known.set(document, (byOperation = new Map<string | null, OneFetchOperation | null>()));
    return byOperation;
  }

  private oneFetchOf(plan: QueryPlan, requestContext: GatewayGraphQLRequestContext): OneFetchOperation | null {
    const fetch = plan.node;
    if (
      fetch?.kind !== "Fetch" ||
      fetch.requires ||
      fetch.hasDefers ||
      fetch.inputRewrites?.length ||
      fetch.outputRewrites?.length ||
      fetch.contextRewrites?.length
    )
      return null;
    const service = this.options.services[fetch.serviceName];
    if (!service || !this.schema) return null;
    try {
      return { plan, fetch, service, shaper: compileResponseShaper(this.schema, requestContext.document, requestContext.operationName ?? null) };
    } catch (error) {
      if (error instanceof UnshapeableOperation) return null;
      throw error;
    }
  }
}

/** What @apollo/gateway checks before it plans: the variables against the operation's definitions. */
function coercionErrors(requestContext: GatewayGraphQLRequestContext): readonly GraphQLError[] {
  const definitions = requestContext.operation.variableDefinitions;
  if (!definitions?.length) return [];
  return getVariableValues(requestContext.schema, definitions, requestContext.request.variables ?? {}).errors ?? [];
}

/** A subgraph's error as @apollo/gateway passes it on (executeQueryPlan.ts): its code kept, `serviceName` added. */
function downstreamServiceError(original: GraphQLFormattedError, serviceName: string): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = {
    originalError: original as unknown as Error,
    ...(original.path ? { path: [...original.path] } : {}),
    extensions: { ...original.extensions, serviceName },
  };
  const codeDefinition = errorCodeDef(original);
  if (!codeDefinition && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDefinition ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
