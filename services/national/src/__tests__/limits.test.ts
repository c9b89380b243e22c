import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

const STAFF = { role: "unit_staff", unit: "NL" } as const;

describe("national > limits and hostile input", () => {
  let unit: RunningUnit;
  const memberRows = async () => Number((await unit.dataSource.query(`SELECT count(*) AS n FROM member`))[0].n);

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "NL");
    await insertFixture(unit.dataSource, "NL", 3);
  });
  after(() => unit?.stop());

  const refusals: [string, string, string][] = [
    [
      "a query deeper than 12",
      `{ cities { ${"workspaces { city { ".repeat(6)} name ${"} } ".repeat(6)} } }`,
      "QUERY_TOO_COMPLEX",
    ],
    [
      "a query costlier than the limit",
      `{ members(first: 100) { edges { node { activeIn { workspaces(first: 100) { edges { node { name capacity } } } } } } } }`,
      "QUERY_TOO_COMPLEX",
    ],
    [
      "more than 30 aliases",
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: memberCount`).join(" ")} }`,
      "QUERY_TOO_COMPLEX",
    ],
    ["more than 2,000 tokens", `{ ${"memberCount ".repeat(2100)} }`, "GRAPHQL_PARSE_FAILED"],
    ["an unknown field", `{ members { edges { node { password } } } }`, "GRAPHQL_VALIDATION_FAILED"],
    ["a wrong enum", `{ memberCount(filter: { status: ROOT }) }`, "GRAPHQL_VALIDATION_FAILED"],
    ["a huge first", `{ members(first: 2147483647) { edges { cursor } } }`, "BAD_USER_INPUT"],
  ];
  for (const [label, query, code] of refusals) {
    it(`refuses ${label} with ${code}`, async () => {
      const { status, body } = await unit.query(query, {}, STAFF);
      expect(status).to.be.below(500);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body.errors?.[0])).to.equal(code);
    });
  }

  it("refuses a variable of the wrong type with BAD_USER_INPUT", async () => {
    const { body } = await unit.query(
      `query($n: Int) { members(first: $n) { edges { cursor } } }`,
      { n: "ten" },
      STAFF,
    );
    expect(body.errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");
  });

  it("takes SQL-looking and emoji names as plain text", async () => {
    const before = await memberRows();
    const { body } = await unit.query(
      `{ memberCount(filter: { nameContains: "'; DROP TABLE member; --" }) }`,
      {},
      STAFF,
    );
    expect(body.data.memberCount).to.equal(0);
    const emoji = await unit.query(`{ memberCount(filter: { nameContains: "🎨%_\\\\" }) }`, {}, STAFF);
    expect(emoji.body.data.memberCount).to.equal(0);
    expect(await memberRows()).to.equal(before);
  });

  it("refuses a 1 MB string in a filter, and a body over the limit with 413", async () => {
    const big = "x".repeat(1_000_000);
    const response = await fetch(unit.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `query($q: String) { memberCount(filter: { nameContains: $q }) }`,
        variables: { q: big },
      }),
    });
    expect(response.status).to.equal(413);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]!.message).to.match(/too large/);
    const small = await unit.query(
      `query($q: String) { memberCount(filter: { nameContains: $q }) }`,
      { q: "x".repeat(5000) },
      STAFF,
    );
    expect(small.body.errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");
  });

  it("keeps CSRF prevention on: a simple GET with a query but no preflight header is refused", async () => {
    const response = await fetch(`${unit.url}?query=${encodeURIComponent("{ memberCount }")}`);
    expect(response.status).to.equal(400);
  });
});
