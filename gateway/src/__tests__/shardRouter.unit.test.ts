import { expect } from "chai";
import express from "express";
import {
  FOUNDING_UNITS,
  createSignatureVerifier,
  developmentPublicKeys,
  listen,
  VIEWER_HEADER,
  type FoundingUnit,
  type OrderName,
  type Viewer,
} from "@smart/platform";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ShardRouter } from "../shardRouter/index.js";
import { fixedUnits } from "../unitDirectory/index.js";
import { readSupergraph } from "../supergraph.js";
import { startFakeUnits, type FakeUnits } from "./helpers/fakeUnits.js";
import { errorSummary, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { sortMembers, testCursors, testMembers, testRouterSecrets } from "./helpers/memberData.js";
import { tokenFor } from "@smart/identity/testing";

const members = testMembers(6);
const everyone = Object.values(members).flat();
const PAGE = `query Page($first: Int, $after: String, $order: MemberOrder) {
  members(first: $first, after: $after, orderBy: $order) {
    edges { cursor node { id displayName } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** What the gateway hands a data source for one fetch: the caller's headers, and the viewer it verified in its context. */
function fetchOptions(
  query: string,
  variables: Record<string, unknown>,
  caller: { authorization?: string; viewer?: Viewer } = {},
): GraphQLDataSourceProcessOptions {
  const headers = new Headers(caller.authorization ? { authorization: caller.authorization } : {});
  return {
    kind: "incoming operation",
    request: { query, variables },
    incomingRequestContext: { request: { http: { method: "POST", url: "/graphql", headers } } },
    context: caller.viewer ? { viewer: caller.viewer, requestId: "req-1" } : {},
  } as unknown as GraphQLDataSourceProcessOptions;
}

/** The central office may read every unit: these tests are about routing, not access (access.e2e.test.ts). */
const centralOffice = async () => ({ authorization: `Bearer ${await tokenFor({ role: "central_office" })}` });

describe("shard router over in-memory units", () => {
  let units: FakeUnits;
  let gateway: RunningGateway;

  before(async () => {
    units = await startFakeUnits(members);
    gateway = await startGateway(
      units.urls,
      { deadlineMs: 500, requiredForReady: FOUNDING_UNITS },
      await centralOffice(),
    );
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => {
    units.calls.length = 0;
    for (const unit of FOUNDING_UNITS) units.behave(unit, {});
  });

  describe("fan-out", () => {
    it("merges the nine units' pages into one European page under the caller's aliases", async () => {
      const reply = await gateway.query(`{
        m: members(first: 5) { e: edges { c: cursor n: node { id } } p: pageInfo { more: hasNextPage end: endCursor } }
      }`);
      expect(reply.body.errors).to.equal(undefined);
      const { e, p } = reply.body.data.m;
      expect(e.map((edge: any) => edge.n.id)).to.deep.equal(
        sortMembers(everyone, "NAME_ASC")
          .slice(0, 5)
          .map((m) => m.id),
      );
      expect(p).to.deep.equal({ more: true, end: e[4].c });
      expect(units.calls.every((c) => c.body.query.includes("__sr_edges"))).to.equal(true);
      expect(Object.keys(testCursors.decodeComposite(p.end)).length).to.be.greaterThan(0);
      expect(new Set(units.calls.map((c) => c.unit)).size).to.equal(9);
    });

    for (const order of ["NAME_ASC", "JOINED_DESC"] as OrderName[]) {
      it(`walks every member exactly once in ${order} order`, async () => {
        const seen: string[] = [];
        let after: string | null = null;
        for (let guard = 0; guard < 50; guard++) {
          const reply: any = await gateway.query(PAGE, { first: 7, after, order });
          expect(reply.body.errors).to.equal(undefined);
          const { edges, pageInfo } = reply.body.data.members;
          seen.push(...edges.map((edge: any) => edge.node.id));
          if (!pageInfo.hasNextPage) break;
          after = pageInfo.endCursor;
        }
        expect(seen).to.deep.equal(sortMembers(everyone, order).map((m) => m.id));
      });
    }

    it("resumes from any edge's cursor", async () => {
      const first = await gateway.query(PAGE, { first: 10 });
      const edges = first.body.data.members.edges;
      const resumed = await gateway.query(PAGE, { first: 3, after: edges[4].cursor });
      expect(resumed.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
        edges.slice(5, 8).map((e: any) => e.node.id),
      );
    });

    it("answers two aliased connections of different orders in the same calls", async () => {
      const reply = await gateway.query(`{
        byName: members(first: 3) { edges { node { id } } }
        recent: members(first: 3, orderBy: JOINED_DESC) { edges { node { id } } pageInfo { endCursor } }
      }`);
      const ids = (connection: any) => connection.edges.map((e: any) => e.node.id);
      expect(ids(reply.body.data.byName)).to.deep.equal(
        sortMembers(everyone, "NAME_ASC")
          .slice(0, 3)
          .map((m) => m.id),
      );
      expect(ids(reply.body.data.recent)).to.deep.equal(
        sortMembers(everyone, "JOINED_DESC")
          .slice(0, 3)
          .map((m) => m.id),
      );
      expect(units.calls).to.have.length(9);
    });

    it("sums memberCount and lists cities in country order, each in one call per unit", async () => {
      const reply = await gateway.query(`{ memberCount cities { id } }`);
      expect(reply.body.data.memberCount).to.equal(everyone.length);
      expect(reply.body.data.cities.map((c: any) => c.id.slice(0, 2))).to.deep.equal(
        FOUNDING_UNITS.flatMap((code) => [code, code]),
      );
      expect(units.calls).to.have.length(9);
    });
  });

  describe("routing to one unit", () => {
    it("sends a field with a country to that unit alone, with its own cursors", async () => {
      const reply = await gateway.query(`{ members(country: HU, first: 2) { edges { cursor node { id } } } }`);
      expect(reply.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
        sortMembers(members.HU, "NAME_ASC")
          .slice(0, 2)
          .map((m) => m.id),
      );
      expect(units.calls.map((c) => c.unit)).to.deep.equal(["HU"]);
      // Nothing is merged: the router's cursor additions are not asked for.
      expect(units.calls[0]!.body.query).not.to.contain("__sr_edges");
    });

    it("sends a field with an ID to the unit its prefix names", async () => {
      const reply = await gateway.query(`query($id: ID!) { member(id: $id) { id displayName } }`, { id: "FR:m3" });
      expect(reply.body.data.member.id).to.equal("FR:m3");
      expect(units.calls.map((c) => c.unit)).to.deep.equal(["FR"]);
    });

    it("gives a unit its own position when a single-unit field is handed a European cursor", async () => {
      const page = await gateway.query(PAGE, { first: 20 });
      const europe = page.body.data.members.pageInfo.endCursor;
      const reply = await gateway.query(
        `query($after: String) { members(country: SE, first: 50, after: $after) { edges { node { id } } } }`,
        {
          after: europe,
        },
      );
      const seenSe = page.body.data.members.edges
        .map((e: any) => e.node.id)
        .filter((id: string) => id.startsWith("SE:"));
      const restSe = sortMembers(members.SE, "NAME_ASC")
        .map((m) => m.id)
        .slice(seenSe.length);
      expect(reply.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(restSe);
    });

    it("runs mutations one after another, each on its unit", async () => {
      const reply = await gateway.query(`mutation {
        a: updateMember(id: "FR:m1", input: { phone: "1" }) { id }
        b: updateMember(id: "BE:m1", input: { phone: "2" }) { id }
        c: updateMember(id: "AT:m1", input: { phone: "3" }) { id }
      }`);
      expect(reply.body.data).to.deep.equal({ a: { id: "FR:m1" }, b: { id: "BE:m1" }, c: { id: "AT:m1" } });
      expect(units.calls.map((c) => c.unit)).to.deep.equal(["FR", "BE", "AT"]);
    });
  });

  describe("the gateway around the router", () => {
    it("honours @skip and @include on root fields", async () => {
      const query = `query($x: Boolean!) { memberCount @include(if: $x) cities @skip(if: $x) { id } }`;
      expect((await gateway.query(query, { x: true })).body.data).to.deep.equal({ memberCount: everyone.length });
      const skipped = await gateway.query(query, { x: false });
      expect(Object.keys(skipped.body.data)).to.deep.equal(["cities"]);
    });

    it("refuses a too complex query before calling any unit", async () => {
      const aliases = Array.from({ length: 40 }, (_, i) => `c${i}: memberCount`).join(" ");
      const reply = await gateway.query(`{ ${aliases} }`);
      expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
      expect(units.calls).to.have.length(0);
    });

    it("reports the central office down as SHARD_UNAVAILABLE, and still answers the national part", async () => {
      const reply = await gateway.query(`{ countries { code } memberCount }`);
      expect(reply.body.data).to.equal(null); // countries is non-null
      expect(errorSummary(reply)).to.deep.equal([{ code: "SHARD_UNAVAILABLE", unit: "central", path: undefined }]);
      const national = await gateway.query(`{ memberCount }`);
      expect(national.body.data.memberCount).to.equal(everyone.length);
    });

    it("names the caller to the central office (never their token), gives it the same deadline, and names it when it misses it", async () => {
      const seen: unknown[] = [];
      const slowCentral = express().post("/graphql", (req, res) => {
        seen.push(req.headers[VIEWER_HEADER]);
        expect(req.headers.authorization, "no token leaves the gateway").to.equal(undefined);
        setTimeout(() => res.json({ data: {} }), 900);
      });
      const central = await listen(slowCentral, 0);
      const withCentral = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 300 });
      try {
        const office = `Bearer ${await tokenFor({ role: "central_office" })}`;
        const reply = await withCentral.query(`{ countries { code } }`, {}, { authorization: office });
        expect(seen).to.deep.equal(['{"role":"central_office"}']);
        expect(reply.body.errors).to.have.length(1);
        expect(reply.body.errors![0]!.extensions).to.include({
          code: "SHARD_UNAVAILABLE",
          unit: "central",
          reason: "TIMEOUT",
        });
      } finally {
        await withCentral.stop();
        await central.close();
      }
    });

    it("calls the central office signed, as a unit: its verdict on the caller passes on, its failure is SHARD_UNAVAILABLE", async () => {
      const verifier = createSignatureVerifier(developmentPublicKeys(), { self: "central" });
      const signed: boolean[] = [];
      let answer: { status: number; body: unknown } = { status: 200, body: { data: {} } };
      const fakeCentral = express().post("/graphql", express.raw({ type: "*/*" }), (req, res) => {
        signed.push(
          verifier.isSignedByGateway({
            method: req.method,
            targetUri: `http://${req.headers.host}${req.originalUrl}`,
            headers: req.headers,
            body: req.body as Buffer,
          }),
        );
        res.status(answer.status).json(answer.body);
      });
      const central = await listen(fakeCentral, 0);
      const withCentral = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 2000 });
      try {
        answer = {
          status: 400,
          body: { errors: [{ message: "No such year.", extensions: { code: "BAD_USER_INPUT" } }] },
        };
        const refused = await withCentral.query(`{ countries { code } }`);
        expect(refused.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
        answer = {
          status: 500,
          body: { errors: [{ message: "relation does not exist", extensions: { code: "INTERNAL_SERVER_ERROR" } }] },
        };
        const failed = await withCentral.query(`{ countries { code } }`);
        expect(failed.body.errors).to.have.length(1);
        expect(failed.body.errors![0]!.extensions).to.include({
          code: "SHARD_UNAVAILABLE",
          unit: "central",
          reason: "HTTP_ERROR",
        });
        expect(failed.body.errors![0]!.message).to.not.include("relation");
        expect(signed).to.deep.equal([true, true]);
      } finally {
        await withCentral.stop();
        await central.close();
      }
    });

    it("lets a hook add headers to every unit call", async () => {
      const hooked = await startGateway(units.urls, {
        willSendUnitRequest: ({ unit, headers }) => {
          headers["x-smart-unit"] = unit;
        },
      });
      try {
        const caller = `Bearer ${await tokenFor({ role: "unit_staff", unit: "BE" })}`;
        await hooked.query(`{ memberCount }`, {}, { authorization: caller });
        expect(
          units.calls.map((c) => [
            c.unit,
            c.headers["x-smart-unit"],
            c.headers[VIEWER_HEADER],
            c.headers.authorization,
          ]),
        ).to.have.deep.members(
          FOUNDING_UNITS.map((code) => [code, code, '{"role":"unit_staff","unit":"BE"}', undefined]),
        );
      } finally {
        await hooked.stop();
      }
    });
  });

  describe("bad input", () => {
    it("rejects an ID of no unit with BAD_USER_INPUT, calling no unit", async () => {
      const reply = await gateway.query(`{ member(id: "XX:1") { id } }`);
      expect(reply.body.data).to.deep.equal({ member: null });
      expect(errorSummary(reply)).to.deep.equal([{ code: "BAD_USER_INPUT", path: ["member"] }]);
      expect(units.calls).to.have.length(0);
    });

    it("rejects a tampered European cursor with BAD_USER_INPUT, calling no unit", async () => {
      const page = await gateway.query(PAGE, { first: 2 });
      const tampered = page.body.data.members.pageInfo.endCursor.slice(0, -3) + "xyz";
      const callsBefore = units.calls.length;
      const reply = await gateway.query(PAGE, { first: 2, after: tampered });
      expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
      expect(units.calls.length - callsBefore).to.equal(0);
    });

    it("rejects a unit cursor forged into a European one with BAD_USER_INPUT, calling no unit", async () => {
      const forged = testCursors.encodeComposite({ BE: "bm90IGEgY3Vyc29y" });
      const callsBefore = units.calls.length;
      const reply = await gateway.query(PAGE, { first: 2, after: forged });
      expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
      expect(units.calls.length - callsBefore).to.equal(0);
    });

    it("reports a verdict all nine units share once", async () => {
      const reply = await gateway.query(PAGE, { first: 500 });
      expect(errorSummary(reply)).to.deep.equal([{ code: "BAD_USER_INPUT", path: ["members"] }]);
    });
  });

  describe("a unit that fails", () => {
    const expectPartialCount = async (unit: FoundingUnit, reason: string) => {
      const reply = await gateway.query(`{ memberCount }`);
      expect(reply.body.data).to.deep.equal({ memberCount: everyone.length - members[unit].length });
      expect(reply.body.errors).to.have.length(1);
      expect(reply.body.errors![0]!.extensions).to.include({ code: "SHARD_UNAVAILABLE", unit, reason });
      expect(reply.body.errors![0]!.path).to.deep.equal(["memberCount"]);
    };

    it("past its deadline costs only its own part", async () => {
      units.behave("DE", { delayMs: 900 });
      const started = Date.now();
      await expectPartialCount("DE", "TIMEOUT");
      expect(Date.now() - started).to.be.lessThan(850);
    });

    it("answering HTTP 500 costs only its own part", async () => {
      units.behave("IT", { reply: { status: 500, body: `{"errors":[{"message":"boom"}]}` } });
      await expectPartialCount("IT", "HTTP_ERROR");
    });

    it("answering something that is not GraphQL costs only its own part", async () => {
      units.behave("NL", { reply: { status: 200, body: "<html>proxy error</html>", contentType: "text/html" } });
      await expectPartialCount("NL", "BAD_RESPONSE");
    });

    it("whose cursors cannot be read is left out of the European page", async () => {
      units.behave("ES", {
        rewrite: (body) => {
          for (const edge of body.data?.members?.__sr_edges ?? []) edge.cursor = "garbage";
          return body;
        },
      });
      const reply = await gateway.query(PAGE, { first: 100 });
      expect(reply.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
        sortMembers(
          everyone.filter((m) => !m.id.startsWith("ES:")),
          "NAME_ASC",
        ).map((m) => m.id),
      );
      expect(errorSummary(reply)).to.deep.equal([{ code: "SHARD_UNAVAILABLE", unit: "ES", path: ["members"] }]);
    });

    it("keeps its position in the European cursor, so a later page can still reach it", async () => {
      units.behave("AT", { delayMs: 900 });
      const page = await gateway.query(PAGE, { first: 60 });
      expect(page.body.data.members.edges.some((e: any) => e.node.id.startsWith("AT:"))).to.equal(false);
      expect(testCursors.decodeComposite(page.body.data.members.pageInfo.endCursor)).not.to.have.property("AT");
    });
  });

  describe("entities", () => {
    let router: ShardRouter;
    before(() => {
      router = new ShardRouter({
        supergraphSdl: readSupergraph(),
        units: fixedUnits(units.urls),
        deadlineMs: 500,
        ...testRouterSecrets,
      });
    });
    after(() => router.close());

    const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { id email } ... on Country { code memberCount } } }`;

    it("answers each representation from its unit, in the original order, with error paths remapped", async () => {
      const representations = [
        { __typename: "Member", id: "SE:m1" },
        { __typename: "Country", code: "BE" },
        { __typename: "Member", id: "XX:m1" },
        { __typename: "Member", id: "AT:m2" },
        { __typename: "Member", id: "SE:m3" },
        { __typename: "Member", id: "AT:m1" },
      ];
      const result = await router.process(fetchOptions(ENTITIES, { representations }));
      expect(result.data?._entities).to.deep.equal([
        { id: "SE:m1", email: "SE:m1@example.org" },
        { code: "BE", memberCount: members.BE.length },
        null,
        { id: "AT:m2", email: null }, // the unit refuses this email
        { id: "SE:m3", email: "SE:m3@example.org" },
        { id: "AT:m1", email: "AT:m1@example.org" },
      ]);
      expect(result.errors?.map((e) => [e.extensions?.code, e.path])).to.have.deep.members([
        ["BAD_USER_INPUT", ["_entities", 2]],
        ["BAD_USER_INPUT", ["_entities", 3, "email"]],
      ]);
      expect(units.calls.map((c) => c.unit).sort()).to.deep.equal(["AT", "BE", "SE"]);
      const se = units.calls.find((c) => c.unit === "SE")!;
      expect(Object.values(se.body.variables).find(Array.isArray)).to.deep.equal([
        representations[0],
        representations[4],
      ]);
    });

    it("gives a failed unit's entities null and names the unit", async () => {
      units.behave("SE", { delayMs: 900 });
      const representations = [
        { __typename: "Member", id: "SE:m1" },
        { __typename: "Member", id: "FR:m1" },
        { __typename: "Member", id: "SE:m2" },
      ];
      const result = await router.process(fetchOptions(ENTITIES.replace(" email", ""), { representations }));
      expect(result.data?._entities).to.deep.equal([null, { id: "FR:m1" }, null]);
      expect(result.errors?.map((e) => e.extensions)).to.deep.equal([
        { code: "SHARD_UNAVAILABLE", unit: "SE", reason: "TIMEOUT" },
      ]);
    });

    it("answers __typename itself and names the caller in its signed call, never forwarding their Authorization", async () => {
      const viewer: Viewer = { role: "member", unit: "NL", sub: "NL:m1" };
      const result = await router.process(
        fetchOptions(`{ __typename memberCount(country: NL) }`, {}, { authorization: "Bearer abc", viewer }),
      );
      expect(result.data).to.deep.equal({ __typename: "Query", memberCount: members.NL.length });
      expect(
        units.calls.map((c) => [
          c.unit,
          c.headers.authorization,
          c.headers[VIEWER_HEADER],
          c.headers["x-request-id"],
          c.headers["x-smart-target"],
        ]),
      ).to.deep.equal([["NL", undefined, '{"role":"member","unit":"NL","sub":"NL:m1"}', "req-1", "NL"]]);
      const verifier = createSignatureVerifier(developmentPublicKeys(), { self: "NL" });
      const call = units.calls[0]!;
      const received = {
        method: "POST",
        targetUri: units.urls.NL,
        headers: call.headers as Record<string, string>,
        body: call.raw,
      };
      expect(verifier.isSignedByGateway(received), "signed for NL").to.equal(true);
    });
  });

  describe("readiness", () => {
    it("reports every unit up", async () => {
      const ready = await gateway.get("/ready");
      expect(ready.status).to.equal(200);
      expect(
        Object.entries(ready.body.targets)
          .filter(([, t]: any) => t.up)
          .map(([name]) => name),
      ).to.deep.equal([...FOUNDING_UNITS]);
      expect(ready.body.targets.central).to.include({ up: false, required: false });
    });

    it("answers 503 naming a required unit that is down", async () => {
      units.behave("BE", { reply: { status: 503, body: "{}" } });
      // /ready answers from probes at most a second old.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const ready = await gateway.get("/ready");
      expect(ready.status).to.equal(503);
      expect(ready.body.targets.BE).to.include({ up: false, reason: "HTTP_ERROR" });
    });

    it("keeps /health about the process alone", async () => {
      units.behave("BE", { reply: { status: 503, body: "{}" } });
      expect((await gateway.get("/health")).status).to.equal(200);
    });
  });
});

describe("shard router with a unit stopped", () => {
  it("answers from the other units and names the one that is down", async () => {
    const units = await startFakeUnits(members);
    const gateway = await startGateway(units.urls, { deadlineMs: 500 }, await centralOffice());
    try {
      await units.stop("FR");
      const reply = await gateway.query(`{ memberCount cities { id } members(first: 100) { edges { node { id } } } }`);
      expect(reply.body.data.memberCount).to.equal(everyone.length - members.FR.length);
      expect(reply.body.data.cities.some((c: any) => c.id.startsWith("FR:"))).to.equal(false);
      expect(reply.body.data.members.edges).to.have.length(everyone.length - members.FR.length);
      expect(errorSummary(reply)).to.have.deep.members([
        { code: "SHARD_UNAVAILABLE", unit: "FR", path: ["memberCount"] },
        { code: "SHARD_UNAVAILABLE", unit: "FR", path: ["cities"] },
        { code: "SHARD_UNAVAILABLE", unit: "FR", path: ["members"] },
      ]);
      expect(reply.body.errors!.every((e) => e.extensions?.reason === "UNREACHABLE")).to.equal(true);
    } finally {
      await gateway.stop();
      await units.close();
    }
  });
});

describe("shard router: Europe-wide pages asked of the units in shares", () => {
  // HU holds the whole first page by name; every other unit, two members after it.
  const skewed = Object.fromEntries(
    FOUNDING_UNITS.map((unit) => [
      unit,
      unit === "HU"
        ? Array.from({ length: 30 }, (_, i) => ({
            id: `HU:m${i + 1}`,
            firstName: "Anna",
            lastName: `Aaa${String(i).padStart(2, "0")}`,
            joinedOn: "2020-01-15",
          }))
        : [1, 2].map((i) => ({
            id: `${unit}:m${i}`,
            firstName: "Zoltan",
            lastName: `Zz${unit}${i}`,
            joinedOn: "2021-02-15",
          })),
    ]),
  ) as ReturnType<typeof testMembers>;
  let units: FakeUnits;
  let gateway: RunningGateway;
  const firstSent = () => units.calls.map((c) => [c.unit, c.body.variables["__sr_first_0"]] as const);

  before(async () => {
    units = await startFakeUnits(skewed);
    gateway = await startGateway(units.urls, { deadlineMs: 2000 }, await centralOffice());
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => void (units.calls.length = 0));

  it("asks each of nine units for twice its share and two (7 of a page of 20), not the whole page", async () => {
    const reply = await gateway.query(
      `{ members(first: 20, orderBy: JOINED_DESC) { edges { node { id } } pageInfo { hasNextPage } } }`,
    );
    expect(reply.body.errors).to.equal(undefined);
    const all = Object.values(skewed).flat();
    expect(reply.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
      sortMembers(all, "JOINED_DESC")
        .slice(0, 20)
        .map((m) => m.id),
    );
    expect(firstSent()).to.have.deep.members(FOUNDING_UNITS.map((unit) => [unit, 7]));
  });

  it("asks the unit that holds more of the page than its share again, alone, for a full page, and answers exactly the page", async () => {
    const reply = await gateway.query(
      `{ members(first: 20) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(reply.body.errors, JSON.stringify(reply.body)).to.equal(undefined);
    expect(reply.body.data, JSON.stringify(reply.body)).not.to.equal(null);
    const all = Object.values(skewed).flat();
    expect(reply.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
      sortMembers(all, "NAME_ASC")
        .slice(0, 20)
        .map((m) => m.id),
    );
    expect(reply.body.data.members.pageInfo.hasNextPage).to.equal(true);
    // HU alone, whose share ran out, is asked again for the whole page.
    expect(firstSent()).to.have.deep.members([...FOUNDING_UNITS.map((unit) => [unit, 7]), ["HU", 20]]);
    // The next page follows on from the end cursor, HU's last ten then the others.
    const next = await gateway.query(
      `query($after: String) { members(first: 20, after: $after) { edges { node { id } } } }`,
      {
        after: reply.body.data.members.pageInfo.endCursor,
      },
    );
    expect(next.body.errors, JSON.stringify(next.body.errors)).to.equal(undefined);
    expect(next.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
      sortMembers(all, "NAME_ASC")
        .slice(20, 40)
        .map((m) => m.id),
    );
  });

  it("asks each unit, for the list's next page, for what it gave to the last one and two more: one round, the same page", async () => {
    const PAGE_BY_NAME = `query($after: String) { members(first: 20, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    const ids = (reply: { body: any }) => reply.body.data.members.edges.map((e: any) => e.node.id);
    const all = sortMembers(Object.values(skewed).flat(), "NAME_ASC").map((m) => m.id);
    const first = await gateway.query(PAGE_BY_NAME, { after: null });
    expect(ids(first)).to.deep.equal(all.slice(0, 20));
    units.calls.length = 0;
    const again = await gateway.query(PAGE_BY_NAME, { after: null });
    expect(again.body).to.deep.equal(first.body);
    // HU gave all twenty: it is asked for them at once; the others gave none and are asked for two.
    expect(firstSent()).to.have.deep.members(FOUNDING_UNITS.map((unit) => [unit, unit === "HU" ? 20 : 2]));
    // The next page of the same list (another position) is asked the same way, and is exact: HU's last ten, then the others' two each.
    units.calls.length = 0;
    const next = await gateway.query(PAGE_BY_NAME, { after: first.body.data.members.pageInfo.endCursor });
    expect(next.body.errors, JSON.stringify(next.body.errors)).to.equal(undefined);
    expect(ids(next)).to.deep.equal(all.slice(20, 40));
    expect(firstSent()).to.have.deep.members(FOUNDING_UNITS.map((unit) => [unit, unit === "HU" ? 20 : 2]));
  });

  it("learns each list's own split: by join date, HU (four of the page) is asked for six, the others (two each) for four", async () => {
    // By join date the first page is every other unit's members (joined 2021), then HU's (2020): not the split of the page by name.
    const BY_JOIN = `query($order: MemberOrder) { members(first: 20, orderBy: $order) { edges { node { id } } } }`;
    const ids = (reply: { body: any }) => reply.body.data.members.edges.map((e: any) => e.node.id);
    const all = sortMembers(Object.values(skewed).flat(), "JOINED_DESC").map((m) => m.id);
    await gateway.query(BY_JOIN, { order: "JOINED_DESC" });
    units.calls.length = 0;
    const again = await gateway.query(BY_JOIN, { order: "JOINED_DESC" });
    expect(ids(again)).to.deep.equal(all.slice(0, 20));
    expect(firstSent()).to.have.deep.members(FOUNDING_UNITS.map((unit) => [unit, unit === "HU" ? 6 : 4]));
  });

  it("passes a `first` the units refuse on as it is, for them to name it", async () => {
    const reply = await gateway.query(`{ members(first: 500) { edges { node { id } } } }`);
    expect(firstSent()).to.have.deep.members(FOUNDING_UNITS.map((unit) => [unit, 500]));
    expect(reply.body.data).to.equal(null);
  });
});
