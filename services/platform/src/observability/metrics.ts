import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLFormattedError } from "graphql";
import client from "prom-client";
import type { DataSource } from "typeorm";

/**
 * The Prometheus series every process serves at GET /metrics. One registry per
 * process (prom-client's default): a test that runs several servers in one process
 * sees them summed, as a scrape of that process would. Labels are bounded sets,
 * never an operation name or an ID.
 */
export const metricsRegistry = client.register;

/**
 * The registered metric of that name, or `create()` registered now: this module may be
 * loaded twice in one process (built and from source, under a test runner), and the
 * registry refuses a name twice.
 */
function once<T>(name: string, create: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();
}

if (!metricsRegistry.getSingleMetric("process_cpu_user_seconds_total"))
  client.collectDefaultMetrics({ register: metricsRegistry });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `query`, `mutation`, `subscription`, or `unknown` when the request never got that far. */
export type OperationType = "query" | "mutation" | "subscription" | "unknown";
/** `success`; `partial` (data and errors); `error` (errors only, after execution began); `refused` (before execution). */
export type RequestOutcome = "success" | "partial" | "error" | "refused";

export const graphqlRequestDuration = once(
  "smart_graphql_request_duration_seconds",
  () =>
    new client.Histogram<"operation_type" | "outcome">({
      name: "smart_graphql_request_duration_seconds",
      help: "GraphQL requests: time from receipt to response, by operation type and outcome",
      labelNames: ["operation_type", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers: [metricsRegistry],
    }),
);

export const graphqlRequests = once(
  "smart_graphql_requests_total",
  () =>
    new client.Counter<"operation_type" | "outcome">({
      name: "smart_graphql_requests_total",
      help: "GraphQL requests answered, by operation type and outcome",
      labelNames: ["operation_type", "outcome"],
      registers: [metricsRegistry],
    }),
);

export const requestsShed = once(
  "smart_requests_shed_total",
  () =>
    new client.Counter<"reason">({
      name: "smart_requests_shed_total",
      help: "Requests refused before any work was done for them (reason: overloaded at the gateway's admission control, query_too_complex)",
      labelNames: ["reason"],
      registers: [metricsRegistry],
    }),
);

export const partialAnswers = once(
  "smart_partial_answers_total",
  () =>
    new client.Counter<"operation_type">({
      name: "smart_partial_answers_total",
      help: "Answers sent with data and errors: some part (e.g. a unit's) is missing",
      labelNames: ["operation_type"],
      registers: [metricsRegistry],
    }),
);

export const unitFetchDuration = once(
  "smart_unit_fetch_duration_seconds",
  () =>
    new client.Histogram<"unit" | "outcome">({
      name: "smart_unit_fetch_duration_seconds",
      help: "The gateway's calls to one national unit or the central office, by unit and outcome (answered, or why not: timeout, unreachable, http_error, bad_response)",
      labelNames: ["unit", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers: [metricsRegistry],
    }),
);

// Pools of this process, read at scrape time (shared by every copy of this module).
const POOLS = Symbol.for("smart.metrics.dbPools");
const pools: Set<PgPoolLike> = ((globalThis as Record<symbol, unknown>)[POOLS] ??=
  new Set<PgPoolLike>()) as Set<PgPoolLike>;
interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

once(
  "smart_db_pool_connections",
  () =>
    new client.Gauge<"state">({
      name: "smart_db_pool_connections",
      help: "Database pool: connections open (total), idle, and requests waiting for one; max is the pool's size",
      labelNames: ["state"],
      registers: [metricsRegistry],
      collect() {
        let total = 0,
          idle = 0,
          waiting = 0,
          max = 0;
        for (const pool of pools) {
          total += pool.totalCount;
          idle += pool.idleCount;
          waiting += pool.waitingCount;
          max += pool.options?.max ?? 0;
        }
        this.set({ state: "total" }, total);
        this.set({ state: "idle" }, idle);
        this.set({ state: "waiting" }, waiting);
        this.set({ state: "max" }, max);
      },
    }),
);

/** Reports an initialised TypeORM Postgres DataSource's pool in `smart_db_pool_connections`; returns the undo. */
export function reportPoolMetrics(dataSource: DataSource): () => void {
  const pool = (dataSource.driver as unknown as { master?: PgPoolLike }).master;
  if (!pool) return () => {};
  pools.add(pool);
  return () => pools.delete(pool);
}

/** Mounts GET /metrics (Prometheus text format). */
export async function metricsRoute(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await metricsRegistry.metrics();
  res.writeHead(200, { "content-type": metricsRegistry.contentType });
  res.end(text);
}

const SHARD_UNAVAILABLE = "SHARD_UNAVAILABLE";
const QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX";

/** Counts and times every GraphQL request by operation type and outcome. */
export function metricsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const stopTimer = graphqlRequestDuration.startTimer();
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse(context: GraphQLRequestContextWillSendResponse<TContext>) {
          const operationType: OperationType = context.operation?.operation ?? "unknown";
          const body = context.response.body;
          const result = body.kind === "single" ? body.singleResult : body.initialResult;
          const errors = result.errors ?? [];
          const hasData = result.data !== undefined && result.data !== null;
          const outcome: RequestOutcome = !errors.length
            ? "success"
            : !executed
              ? "refused"
              : hasData
                ? "partial"
                : "error";
          if (errors.some((e) => e.extensions?.code === QUERY_TOO_COMPLEX))
            requestsShed.inc({ reason: "query_too_complex" });
          if (outcome === "partial") partialAnswers.inc({ operation_type: operationType });
          graphqlRequests.inc({ operation_type: operationType, outcome });
          stopTimer({ operation_type: operationType, outcome });
        },
      };
    },
  };
}

/** Whether an answer lost a unit's part (the gateway's partial answers). */
export function lostAUnit(errors: readonly GraphQLFormattedError[]): boolean {
  return errors.some((e) => e.extensions?.code === SHARD_UNAVAILABLE);
}
