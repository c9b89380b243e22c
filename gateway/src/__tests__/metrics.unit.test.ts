import { expect } from "chai";
import { FOUNDING_UNITS } from "@smart/platform";
import { startFakeUnits, type FakeUnits } from "./helpers/fakeUnits.js";
import { startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { tokenFor } from "@smart/identity/testing";

const EUROPE = `{ members(first: 10) { edges { node { id } } } }`;
// A Europe-wide member list is for the central office (anyone else is refused before any unit).
const office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };

/** The value of each sample of GET /metrics, keyed `name{label="value",…}` as printed. */
async function scrape(gateway: RunningGateway): Promise<Map<string, number>> {
  const response = await fetch(new URL("/metrics", gateway.url));
  expect(response.headers.get("content-type")).to.match(/^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    const match = /^(\w+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** How much each sample grew between two scrapes (other tests in this process count too). */
const grown = (before: Map<string, number>, after: Map<string, number>, key: string) =>
  (after.get(key) ?? 0) - (before.get(key) ?? 0);

describe("gateway > /metrics", () => {
  let units: FakeUnits;
  let gateway: RunningGateway;

  before(async () => {
    units = await startFakeUnits(testMembers(3));
    gateway = await startGateway(units.urls, { deadlineMs: 5000 });
    await gateway.query(EUROPE, {}, office); // warm: the first query plans and connects
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => {
    for (const unit of FOUNDING_UNITS) units.behave(unit, {});
  });

  it("times each unit's call of a Europe-wide query and counts the request by type and outcome", async () => {
    const before = await scrape(gateway);
    const reply = await gateway.query(EUROPE, {}, office);
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    const after = await scrape(gateway);
    for (const unit of FOUNDING_UNITS)
      expect(
        grown(before, after, `smart_unit_fetch_duration_seconds_count{unit="${unit}",outcome="ok"}`),
        unit,
      ).to.equal(1);
    expect(grown(before, after, `smart_graphql_requests_total{operation_type="query",outcome="success"}`)).to.equal(1);
    expect(
      grown(before, after, `smart_graphql_request_duration_seconds_count{operation_type="query",outcome="success"}`),
    ).to.equal(1);
    expect(after.has("process_cpu_user_seconds_total") && after.has("nodejs_heap_size_used_bytes")).to.equal(true);
  });

  it("counts a partial answer and names the failing unit's outcome", async () => {
    units.behave("BE", { reply: { status: 503, body: "{}" } });
    const before = await scrape(gateway);
    const reply = await gateway.query(EUROPE, {}, office);
    expect(reply.body.errors?.map((e) => e.extensions?.unit)).to.deep.equal(["BE"]);
    const after = await scrape(gateway);
    expect(grown(before, after, `smart_unit_fetch_duration_seconds_count{unit="BE",outcome="http_error"}`)).to.equal(1);
    expect(grown(before, after, `smart_unit_fetch_duration_seconds_count{unit="FR",outcome="ok"}`)).to.equal(1);
    expect(grown(before, after, `smart_partial_answers_total{operation_type="query"}`)).to.equal(1);
    expect(grown(before, after, `smart_graphql_requests_total{operation_type="query",outcome="partial"}`)).to.equal(1);
  });

  it("counts a query refused by the limits as shed, with no unit called", async () => {
    const before = await scrape(gateway);
    const aliased = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: memberCount`).join(" ")} }`;
    const reply = await gateway.query(aliased);
    expect(reply.body.errors?.[0]?.extensions?.code).to.equal("QUERY_TOO_COMPLEX");
    const after = await scrape(gateway);
    expect(grown(before, after, `smart_requests_shed_total{reason="query_too_complex"}`)).to.equal(1);
    expect(grown(before, after, `smart_graphql_requests_total{operation_type="query",outcome="refused"}`)).to.equal(1);
    for (const unit of FOUNDING_UNITS)
      expect(
        grown(before, after, `smart_unit_fetch_duration_seconds_count{unit="${unit}",outcome="ok"}`),
        unit,
      ).to.equal(0);
  });
});
