import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

/**
 * The cost limit at a unit, for what the gateway's shard router sends: the router
 * adds `__sr_edges: edges { cursor }` and `__sr_pageInfo: pageInfo { hasNextPage
 * endCursor }` beside a caller's connection, and those must not tip a query the
 * gateway already priced over the limit — while a caller at the unit's own
 * endpoint gets nothing for free by borrowing the router's aliases.
 */

const OFFICE = { role: "central_office" } as const;
/** Who may call a unit without the gateway: its own staff, with their token. */
const STAFF = { role: "unit_staff", unit: "HU" } as const;
// members(first: 100) costs 1 + 100 × (edges 1 + node (1 + its fields)): 47 node fields cost 4,901, 48 cost 5,001.
const FIELDS =
  "id displayName firstName lastName email phone category status shares joinedOn city { id name memberCount country { code } } country { code } activeIn { code }"; // 20
const nodeFields = (count: number) =>
  `${FIELDS} ${Array.from({ length: count - 20 }, (_, i) => `f${i}: displayName`).join(" ")}`;
const ROUTER_ADDITIONS = "__sr_edges: edges { cursor } __sr_pageInfo: pageInfo { hasNextPage endCursor }";

describe("national > query cost of the router's additions", () => {
  let unit: RunningUnit;
  const codes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
    (body.errors ?? []).map((e) => e.extensions?.code);

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "HU");
    await insertFixture(unit.dataSource, "HU", 3);
  });
  after(() => unit?.stop());

  it("charges nothing for the router's edges { cursor } and pageInfo beside a connection priced at 4,901", async () => {
    const { body } = await unit.query(
      `{ members(first: 100) { edges { node { ${nodeFields(47)} } } ${ROUTER_ADDITIONS} } }`,
      {},
      OFFICE,
      true,
    );
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    expect(body.data.members.__sr_edges).to.have.length(3);
  });

  it("still refuses the caller's own selection one field over the limit", async () => {
    const { body } = await unit.query(
      `{ members(first: 100) { edges { node { ${nodeFields(48)} } } ${ROUTER_ADDITIONS} } }`,
      {},
      OFFICE,
      true,
    );
    expect(codes(body)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
  });

  const borrowed: Record<string, string> = {
    "more than a cursor under __sr_edges": `{ members(first: 100) { edges { cursor } __sr_edges: edges { cursor node { ${nodeFields(47)} } } } }`,
    "an aliased subfield under __sr_edges": `{ members(first: 100) { edges { cursor } __sr_edges: edges { cursor c: node { ${nodeFields(47)} } } } }`,
    "a connection itself aliased __sr_edges": `{ __sr_edges: members(first: 100) { edges { node { ${nodeFields(48)} } } } }`,
    "a list under __sr_pageInfo's name": `{ members(first: 100) { edges { cursor } __sr_pageInfo: edges { node { ${nodeFields(48)} } } } }`,
  };
  for (const [label, query] of Object.entries(borrowed)) {
    it(`prices ${label} as any other selection, even signed by the gateway (QUERY_TOO_COMPLEX)`, async () => {
      const { status, body } = await unit.query(query, {}, OFFICE, true);
      expect(status).to.equal(400);
      expect(codes(body), JSON.stringify(body.errors)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    });
  }

  it("refuses the router's names in a request the gateway did not sign (BAD_USER_INPUT), whatever they alias", async () => {
    for (const query of [
      `{ members(first: 100) { edges { node { id } } ${ROUTER_ADDITIONS} } }`,
      ...Object.values(borrowed),
    ]) {
      const { status, body } = await unit.query(query, {}, STAFF);
      expect(status).to.equal(400);
      expect(codes(body)).to.deep.equal(["BAD_USER_INPUT"]);
      expect(body.errors![0]!.message).to.match(/"__sr_\w+": names starting with __sr_ are reserved for the gateway/);
    }
  });

  it("counts the router's aliases in the alias limit unless the gateway signed the request", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `__sr_member_${i}: memberCount`).join(" ");
    expect(codes((await unit.query(`{ ${aliases} }`, {}, STAFF)).body)).to.deep.equal(["BAD_USER_INPUT"]);
    const signed = await unit.query(`{ ${aliases} }`, {}, OFFICE, true);
    expect(signed.body.errors, JSON.stringify(signed.body.errors)).to.equal(undefined);
    expect(signed.body.data.__sr_member_30).to.equal(3);
    const plain = Array.from({ length: 31 }, (_, i) => `m${i}: memberCount`).join(" ");
    expect(codes((await unit.query(`{ ${plain} }`, {}, OFFICE, true)).body)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
  });
});
