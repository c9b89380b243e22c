import { expect } from "chai";
import { auditServer } from "graphql-http";
import { sharedTestPostgres } from "@smart/devdb";
import { startUnit, type RunningUnit } from "./unitFixture.js";

describe("national > GraphQL over HTTP audit (graphql-http)", () => {
  let unit: RunningUnit;
  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "SE");
  });
  after(() => unit?.stop());

  it("passes every MUST audit of the GraphQL-over-HTTP spec", async () => {
    const results = await auditServer({ url: unit.url });
    const failed = results.filter((result) => result.status !== "ok");
    const mustFailures = failed.filter((result) => result.name.startsWith("MUST"));
    expect(mustFailures.map((result) => `${result.name}: ${"reason" in result ? result.reason : ""}`)).to.deep.equal(
      [],
    );
    // SHOULD audits that fail are listed in docs/calling-the-graph.md ("GraphQL over HTTP"), with why.
    expect(results.length).to.be.greaterThan(20);
  });
});
