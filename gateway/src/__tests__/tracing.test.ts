import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import { SpanKind } from "@opentelemetry/api";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), "helpers", "traceProbe.ts");

interface ProbeSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  attributes: Record<string, unknown>;
}

describe("tracing: one Europe-wide query is one trace, gateway → nine units → their Postgres", () => {
  let probe: {
    reply: { status: number; body: any };
    gatewayUrl: string;
    unitUrls: Record<string, string>;
    spans: ProbeSpan[];
  };

  before(async function () {
    this.timeout(180_000);
    const postgres = await sharedTestPostgres();
    // Its own process: tracing must patch http, pg and graphql before they load, as in each index.ts.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", PROBE], {
      cwd: path.resolve(path.dirname(PROBE), "../../.."),
      env: { ...process.env, PROBE_POSTGRES_URL: postgres.urlFor("postgres"), NODE_ENV: "test" },
      maxBuffer: 64 * 1024 * 1024,
    });
    probe = JSON.parse(stdout);
  });

  const portOf = (url: string) => Number(new URL(url).port);
  const serverSpans = () =>
    probe.spans.filter((s) => s.kind === SpanKind.SERVER && s.attributes["url.path"] === "/graphql");

  it("answers the query from all nine units", () => {
    expect(probe.reply.status).to.equal(200);
    expect(probe.reply.body.errors).to.equal(undefined);
    const countries = new Set(
      probe.reply.body.data.members.edges.map((e: { node: { id: string } }) => e.node.id.slice(0, 2)),
    );
    expect([...countries].sort()).to.deep.equal([...FOUNDING_UNITS]);
  });

  it("puts the gateway's request, each unit's request and each unit's SQL in the gateway's trace", () => {
    const gatewaySpans = serverSpans().filter((s) => s.attributes["server.port"] === portOf(probe.gatewayUrl));
    expect(gatewaySpans, "one incoming request at the gateway").to.have.length(1);
    const { traceId } = gatewaySpans[0]!;
    // Every request the query caused, at the gateway and at the units, is in this trace.
    expect(new Set(serverSpans().map((s) => s.traceId)), "one trace").to.deep.equal(new Set([traceId]));

    const byId = new Map(probe.spans.map((s) => [s.spanId, s]));
    const unitPorts = new Map(Object.entries(probe.unitUrls).map(([unit, url]) => [portOf(url), unit]));
    const reached = new Set<string>();
    for (const span of serverSpans()) {
      const unit = unitPorts.get(span.attributes["server.port"] as number);
      if (!unit) continue;
      reached.add(unit);
      // Incoming requests start from their headers alone (never the caller's in-process
      // context): a unit's span has the gateway's outgoing call as parent only because
      // the W3C traceparent header carried it.
      const parent = byId.get(span.parentSpanId!);
      expect(parent?.kind, `${unit}'s request's parent`).to.equal(SpanKind.CLIENT);
      expect(String(parent?.attributes["url.full"]), `${unit}'s request's parent`).to.equal(probe.unitUrls[unit]);
    }
    expect([...reached].sort()).to.deep.equal([...FOUNDING_UNITS]);

    const databases = new Set(
      probe.spans
        .filter((s) => s.traceId === traceId && s.name.startsWith("pg.query:SELECT"))
        .map((s) => String(s.attributes["db.namespace"] ?? s.attributes["db.name"])),
    );
    for (const unit of FOUNDING_UNITS) {
      expect(
        [...databases].some((name) => name.endsWith(`_gateway_${unit.toLowerCase()}`)),
        `SQL of ${unit} in the trace`,
      ).to.equal(true);
    }
  });
});
