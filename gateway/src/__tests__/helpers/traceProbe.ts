// Run in its own process by tracing.test.ts: tracing has to start before http, pg, graphql
// and undici are loaded, so everything else is imported dynamically, after it.
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { startTracing, stopTracing } from "@smart/platform/tracing";

const exporter = new InMemorySpanExporter();
startTracing({ serviceName: "smart-trace-probe", spanExporter: exporter });

const { externalPostgres } = await import("@smart/devdb");
const { tokenFor } = await import("@smart/identity/testing");
const { startNationalUnits } = await import("./nationalUnits.js");
const { startGateway } = await import("./gatewayHarness.js");
const { testMembers } = await import("./memberData.js");

const postgres = externalPostgres(process.env.PROBE_POSTGRES_URL!);
const units = await startNationalUnits(postgres, testMembers(3));
const gateway = await startGateway(units.urls, { deadlineMs: 10_000 });
const office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
exporter.reset(); // only the query's spans, not the set-up's
const reply = await gateway.query(`{ members(first: 20, orderBy: NAME_ASC) { edges { node { id } } } }`, {}, office);
await gateway.stop();
await units.close();

const spans = exporter.getFinishedSpans().map((span) => {
  const parent = (span as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext;
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: parent?.spanId,
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
  };
});
await stopTracing(); // (shutting the exporter down empties it: read first)
process.stdout.write(JSON.stringify({ reply, gatewayUrl: gateway.url, unitUrls: units.urls, spans }));
