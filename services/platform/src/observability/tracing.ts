import { createRequire } from "node:module";

/**
 * OpenTelemetry tracing, on only when an exporter is configured: OTEL_EXPORTER_OTLP_ENDPOINT
 * (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_TRACES_EXPORTER, e.g. `console`) in the
 * environment, or a span exporter passed in (tests). Off, it loads no OpenTelemetry code at
 * all. On, the SDK's own environment variables apply (OTEL_EXPORTER_OTLP_PROTOCOL,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER …).
 *
 * Call it before anything imports http, pg, graphql or undici (the first import of an
 * entry point), since instrumentation patches modules as they are loaded. It is synchronous
 * so that the rest of the entry point's imports run after it.
 *
 * Spans: incoming and outgoing HTTP (W3C `traceparent` is read from and written to each
 * call, so gateway → unit → Postgres is one trace), GraphQL parse/validate/execute, and
 * each SQL statement, whose text carries the `traceparent` as a sqlcommenter comment so
 * that Postgres's own logs and pg_stat_activity name the trace.
 */
export interface TracingOptions {
  /** `service.name` of every span, e.g. `smart-national`. */
  serviceName: string;
  /** Extra resource attributes, e.g. `{ "smart.unit": "BE" }`. */
  attributes?: Record<string, string>;
  /** Where spans go instead of OTLP (an @opentelemetry/sdk-trace-base SpanExporter), exported one by one. */
  spanExporter?: unknown;
  env?: NodeJS.ProcessEnv;
}

interface Sdk {
  start(): void;
  shutdown(): Promise<void>;
}

let running: Sdk | undefined;

/** Whether the environment asks for traces. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === "true") return false;
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (exporter) return exporter !== "none";
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Starts tracing for this process when asked; returns whether it is on. */
export function startTracing(options: TracingOptions): boolean {
  if (running) return true;
  if (!options.spanExporter && !tracingRequested(options.env)) return false;
  // Loaded only now, so a process without tracing never pays for it.
  const require = createRequire(import.meta.url);
  const { NodeSDK } = require("@opentelemetry/sdk-node") as typeof import("@opentelemetry/sdk-node");
  const { SimpleSpanProcessor } =
    require("@opentelemetry/sdk-trace-base") as typeof import("@opentelemetry/sdk-trace-base");
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { HttpInstrumentation } =
    require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { UndiciInstrumentation } =
    require("@opentelemetry/instrumentation-undici") as typeof import("@opentelemetry/instrumentation-undici");
  const { PgInstrumentation } =
    require("@opentelemetry/instrumentation-pg") as typeof import("@opentelemetry/instrumentation-pg");
  const { GraphQLInstrumentation } =
    require("@opentelemetry/instrumentation-graphql") as typeof import("@opentelemetry/instrumentation-graphql");

  const probes = /^\/(health|ready|metrics)\b/;
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    ...(options.attributes ? { resource: resourceFromAttributes(options.attributes) } : {}),
    ...(options.spanExporter
      ? {
          spanProcessors: [
            new SimpleSpanProcessor(options.spanExporter as ConstructorParameters<typeof SimpleSpanProcessor>[0]),
          ],
        }
      : {}),
    // Traces only: metrics are Prometheus's (/metrics), logs are pino's on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // Probes and scrapes every few seconds would bury the traces worth reading.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => probes.test(request.url ?? "") }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ addSqlCommenterCommentToQueries: true }),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
    ],
  }) as Sdk;
  sdk.start();
  running = sdk;
  return true;
}

/** Whether this process traces (then its subgraph runs graphql-js, whose execution the GraphQL instrumentation sees). */
export function tracingIsOn(): boolean {
  return running !== undefined;
}

/** Flushes and stops tracing (part of the shutdown path), giving up after `timeoutMs`; nothing when it is off. */
export async function stopTracing(timeoutMs = 3000): Promise<void> {
  const sdk = running;
  running = undefined;
  if (!sdk) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([sdk.shutdown(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
