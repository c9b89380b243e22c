import { expect } from "chai";
import { auditServer, type AuditResult } from "graphql-http";
import { startFakeUnits, type FakeUnits } from "./helpers/fakeUnits.js";
import { startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";

/**
 * graphql-http's GraphQL-over-HTTP audit suite against the gateway. Its requests
 * ask `{ __typename }` and `__type(…)` only, which the gateway answers itself: no
 * unit is called, so in-memory units stand behind it.
 */

const failures = (results: AuditResult[], level: "MUST" | "SHOULD") =>
  results
    .filter((result) => result.status !== "ok" && result.name.startsWith(level))
    .map((result) => `${result.id} ${result.name}: ${"reason" in result ? result.reason : ""}`);

describe("gateway > GraphQL over HTTP audit (graphql-http)", () => {
  let units: FakeUnits;
  let gateway: RunningGateway;
  let production: RunningGateway;

  before(async () => {
    units = await startFakeUnits(testMembers(1));
    [gateway, production] = await Promise.all([
      startGateway(units.urls, { production: false }),
      startGateway(units.urls, { production: true }),
    ]);
  });
  after(async () => {
    await Promise.all([gateway?.stop(), production?.stop()]);
    await units?.close();
  });

  it("passes every MUST audit of the GraphQL-over-HTTP spec", async () => {
    const results = await auditServer({ url: gateway.url });
    expect(results.length).to.be.greaterThan(20);
    expect(failures(results, "MUST")).to.deep.equal([]);
    // The SHOULD audits that fail are Apollo Server's choices, listed in docs/calling-the-graph.md ("GraphQL over HTTP"):
    // 400, not 200, for parse, validation and variable coercion failures when the client accepts application/json.
    expect(
      failures(results, "SHOULD")
        .map((line) => line.slice(0, 4))
        .sort(),
    ).to.deep.equal(["572B", "7B9B", "FDE2"]);
    expect(units.calls).to.deep.equal([]);
  });

  it("in production, fails only the two MUST audits that probe with introspection, which production refuses", async () => {
    const results = await auditServer({ url: production.url });
    // BF61 (utf-8 request) and 28B9 (variables map) send `__type(name: …)`: introspection is off in production.
    expect(
      failures(results, "MUST")
        .map((line) => line.slice(0, 4))
        .sort(),
    ).to.deep.equal(["28B9", "BF61"]);
    const probes = results.filter((result) => ["BF61", "28B9"].includes(result.id));
    expect(probes.map((result) => ("reason" in result ? result.reason : ""))).to.deep.equal([
      "Response status code is not 200",
      "Response status code is not 200",
    ]);
  });
});
