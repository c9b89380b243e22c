import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { DEVELOPMENT_SIGNING_SECRET, type Viewer } from "@smart/platform";
import type { Member } from "../entity/index.js";
import { insertFixture, startUnit, type GraphqlResponse, type RunningUnit } from "./unitFixture.js";

/**
 * What a unit accepts from whom when reached directly (unit staff do) or through
 * the gateway (signed): the attacks of the trust-boundary review, each refused.
 */
type Caller = Exclude<Viewer, { role: "anonymous" }> | undefined;
const callers: Record<string, Caller> = {
  anonymous: undefined,
  "member BE:m5 (self)": { role: "member", unit: "BE", sub: "BE:m5" },
  "member BE:m2": { role: "member", unit: "BE", sub: "BE:m2" },
  "staff BE": { role: "unit_staff", unit: "BE" },
  "staff FR": { role: "unit_staff", unit: "FR" },
  "central office": { role: "central_office" },
};
const codeOf = (response: GraphqlResponse) => response.body.errors?.[0]?.extensions?.code ?? "ok";
const readers = new Set(["staff BE", "central office"]);

describe("national > trust boundary", () => {
  let unit: RunningUnit;
  let members: Member[];

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "BE");
    members = await insertFixture(unit.dataSource, "BE", 40);
  });
  after(() => unit?.stop());

  describe("filters on protected fields: only for who may read the field, refused before any SQL", () => {
    const filters: Record<string, string> = {
      status: `status: SUSPENDED`,
      category: `category: B`,
      joinedFrom: `joinedFrom: "2020-01-01"`,
      joinedTo: `joinedTo: "2020-01-01"`,
    };
    for (const [field, filter] of Object.entries(filters)) {
      for (const [name, caller] of Object.entries(callers)) {
        const outcome = readers.has(name) ? "ok" : "FORBIDDEN";
        it(`${field}, ${name}: ${outcome}`, async () => {
          const before = unit.sqlCount();
          const count = await unit.query(`{ memberCount(filter: { ${filter}, nameContains: "a" }) }`, {}, caller);
          expect(codeOf(count), JSON.stringify(count.body.errors)).to.equal(outcome);
          if (outcome !== "ok") {
            expect(count.body.errors![0]!.message).to.match(new RegExp(`^filter\\.${field}: you may not filter`));
            expect(unit.sqlCount()).to.equal(before);
          }
          const list = await unit.query(`{ members(filter: { ${filter} }) { edges { node { id } } } }`, {}, caller);
          if (outcome === "ok") expect(codeOf(list)).to.equal("ok");
          else expect(codeOf(list)).to.be.oneOf(["FORBIDDEN", "UNAUTHENTICATED"]);
        });
      }
    }

    it("keeps public filters (name, city) open to everyone", async () => {
      expect(codeOf(await unit.query(`{ memberCount(filter: { nameContains: "a", cityId: "BE:capital" }) }`))).to.equal("ok");
    });
  });

  describe("signed gateway traffic", () => {
    const routerQuery = `{ __sr_member_0: memberCount __sr_member_1: memberCount }`;
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, boolean | { secret?: string; timestamp?: number }, number, string][] = [
      ["unsigned (a direct caller)", false, 400, "BAD_USER_INPUT"],
      ["signed by the gateway", true, 200, "ok"],
      ["signed with a wrong secret", { secret: "not-the-gateway-signing-secret-0123456789" }, 401, "UNAUTHENTICATED"],
      ["replayed 61 s after it was signed", { timestamp: now - 61 }, 401, "UNAUTHENTICATED"],
    ];
    for (const [label, asGateway, status, code] of cases) {
      it(`a request using the router's names, ${label}: HTTP ${status} ${code}`, async () => {
        const response = await unit.query(routerQuery, {}, callers["staff BE"], asGateway);
        expect(response.status).to.equal(status);
        expect(codeOf(response)).to.equal(code);
        if (code === "ok") expect(response.body.data).to.deep.equal({ __sr_member_0: 40, __sr_member_1: 40 });
      });
    }

    it("accepts a request signed with the secret also accepted during a rotation", async () => {
      const rotated = await startUnit(await sharedTestPostgres(), "BE", {
        signingSecrets: { current: "the-next-gateway-signing-secret-0123456789", accepted: DEVELOPMENT_SIGNING_SECRET },
      });
      try {
        expect(codeOf(await rotated.query(routerQuery, {}, callers["staff BE"], true))).to.equal("ok");
        expect(codeOf(await rotated.query(routerQuery, {}, callers["staff BE"], { secret: "the-next-gateway-signing-secret-0123456789" }))).to.equal("ok");
        expect(codeOf(await rotated.query(routerQuery, {}, callers["staff BE"], { secret: "an-unknown-gateway-signing-secret-0123456" }))).to.equal(
          "UNAUTHENTICATED",
        );
      } finally {
        await rotated.stop();
      }
    });
  });

  describe("cursors", () => {
    it("carry no sort key: a JOINED_DESC cursor shows no join date to a member who may not read it", async () => {
      const { body } = await unit.query(`{ members(first: 3, orderBy: JOINED_DESC) { edges { cursor node { id joinedOn } } } }`, {}, callers["member BE:m2"]);
      const edges = body.data.members.edges as { cursor: string; node: { id: string } }[];
      expect(edges).to.have.length(3);
      for (const { cursor, node } of edges) {
        const joined = members.find((m) => m.id === node.id)!.joinedOn;
        const decoded = Buffer.from(cursor, "base64url").toString("latin1");
        expect(decoded).not.to.include(joined);
        expect(decoded).not.to.include(node.id);
      }
    });

    it("refuse a forged cursor holding a chosen key with BAD_USER_INPUT", async () => {
      const forged = Buffer.from(JSON.stringify({ o: "NAME_ASC", k: ["a", "BE:m1"] })).toString("base64url");
      const response = await unit.query(`query($a: String) { members(after: $a) { edges { cursor } } }`, { a: forged }, callers["staff BE"]);
      expect(codeOf(response)).to.equal("BAD_USER_INPUT");
    });
  });

  describe("control characters", () => {
    for (const [label, query, variables] of [
      ["a NUL in nameContains", `query($n: String) { memberCount(filter: { nameContains: $n }) }`, { n: "Noor\u0000" }],
      ["a NUL in a literal", `{ memberCount(filter: { nameContains: "a\\u0000b" }) }`, {}],
      ["a NUL in a cursor", `query($a: String) { members(after: $a) { edges { cursor } } }`, { a: "abc\u0000" }],
      ["an escape in a nested input", `mutation($i: UpdateMemberInput!) { updateMember(id: "BE:m5", input: $i) { id } }`, { i: { phone: "+32\u001b[2J" } }],
    ] as const) {
      it(`refuses ${label} with BAD_USER_INPUT (HTTP 400), not an internal error`, async () => {
        const before = JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`));
        const response = await unit.query(query, variables, callers["staff BE"]);
        expect(response.status).to.equal(400);
        expect(codeOf(response)).to.equal("BAD_USER_INPUT");
        expect(response.body.errors![0]!.message).to.match(/control characters/);
        expect(JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`))).to.equal(before);
      });
    }

    it("keeps tabs and line breaks", async () => {
      expect(codeOf(await unit.query(`query($n: String) { memberCount(filter: { nameContains: $n }) }`, { n: "a\tb\r\nc" }))).to.equal("ok");
    });
  });

  describe("no probing of registered emails", () => {
    it("tells a member changing their own email the same, whether the address is taken or not, and changes nothing", async () => {
      const self = callers["member BE:m5 (self)"];
      const taken = await unit.query(`mutation { updateMember(id: "BE:m5", input: { email: "${members[0]!.email}" }) { id } }`, {}, self);
      const free = await unit.query(`mutation { updateMember(id: "BE:m5", input: { email: "nobody-has-this@example.be" }) { id } }`, {}, self);
      expect(codeOf(taken)).to.equal("FORBIDDEN");
      expect(taken.body.errors![0]!.message).to.equal(free.body.errors![0]!.message);
      const [row] = await unit.dataSource.query<{ email: string }[]>(`SELECT email FROM member WHERE id = 'BE:m5'`);
      expect(row!.email).to.equal(members.find((m) => m.id === "BE:m5")!.email);
    });
  });
});
