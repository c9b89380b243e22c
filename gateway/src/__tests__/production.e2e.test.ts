import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";
import { startFakeUnits, type FakeUnits } from "./helpers/fakeUnits.js";
import { startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { testIdentity, tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * A gateway built with `production: true`: no introspection, no landing page, no
 * stack trace and no SQL in any answer — even when the units behind it are not in
 * production mode themselves (they send stack traces) or misbehave.
 */

const SENTINEL = "SELECT password FROM secret_table WHERE 1=1";

/** No stack trace, file path or SQL anywhere in `body`. */
function expectNothingInternal(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).to.not.include("stacktrace");
  expect(text).to.not.match(/\bat .+\(.+:\d+:\d+\)|node_modules|\/src\/|\.[jt]s:\d+/);
  expect(text).to.not.match(/\bSELECT\b|\bFROM\b.+\bWHERE\b|relation "|QueryFailedError|secret_table|pg_shadow/);
}

describe("gateway > production mode over nine real units that still send stack traces", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let unitCalls: string[] = [];
  let failHook = false;
  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });

  before(async () => {
    // Development-mode units: their own errors carry `extensions.stacktrace`.
    units = await startNationalUnits(await sharedTestPostgres(), testMembers(3), { production: false });
    gateway = await startGateway(units.urls, {
      production: true,
      deadlineMs: 1000,
      willSendUnitRequest: ({ unit }) => {
        unitCalls.push(unit);
        if (failHook) throw new Error(`${SENTINEL} -- a bug in the gateway`);
      },
    });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => {
    unitCalls = [];
    failHook = false;
  });
  afterEach(() => {
    for (const unit of FOUNDING_UNITS) units.slowDown(unit, 0);
  });

  it("the units behind this gateway do send stack traces (so the tests below mean something)", async () => {
    const response = await fetch(units.urls.BE, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ members { edges { cursor } } }" }),
    });
    expect(JSON.stringify(await response.json())).to.include("stacktrace");
  });

  describe("introspection", () => {
    const introspections: Record<string, string> = {
      __schema: `{ __schema { types { name fields { name } } } }`,
      __type: `{ __type(name: "Member") { fields { name } } }`,
      "__schema in a fragment": `query Innocent { ...F } fragment F on Query { __schema { queryType { name } } }`,
      "__type under an alias": `{ t: __type(name: "RegisterMemberInput") { inputFields { name } } }`,
    };
    for (const [label, query] of Object.entries(introspections)) {
      it(`refuses ${label} with GRAPHQL_VALIDATION_FAILED, HTTP 400, before any unit is asked`, async () => {
        const reply = await gateway.query(query, {}, await as({ role: "central_office" }));
        expect(reply.status).to.equal(400);
        expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
        expect(reply.body.data).to.equal(undefined);
        expectNothingInternal(reply.body);
        expect(unitCalls).to.deep.equal([]);
      });
    }

    it("still answers __typename", async () => {
      const reply = await gateway.query(`{ __typename }`);
      expect(reply.body).to.deep.equal({ data: { __typename: "Query" } });
    });

    it("serves no landing page: a browser's GET gets JSON, not HTML", async () => {
      const response = await fetch(gateway.url, {
        headers: { accept: "text/html", "apollo-require-preflight": "true" },
      });
      expect(response.status).to.be.within(400, 499);
      const body = await response.text();
      expect(response.headers.get("content-type") ?? "").to.not.include("html");
      expect(body).to.not.match(/<html|<script/i);
      expectNothingInternal(body);
    });
  });

  describe("no stack trace in any error", () => {
    const provocations: {
      label: string;
      query: string;
      variables?: Record<string, unknown>;
      as?: PersonViewer;
      code: string;
    }[] = [
      {
        label: "FORBIDDEN from eight units (BE staff, Europe-wide list)",
        query: `{ members(first: 3) { edges { node { id } } } }`,
        as: { role: "unit_staff", unit: "BE" },
        code: "FORBIDDEN",
      },
      {
        label: "UNAUTHENTICATED from every unit (anonymous list)",
        query: `{ members(first: 3) { edges { node { id } } } }`,
        code: "UNAUTHENTICATED",
      },
      {
        label: "FORBIDDEN on personal fields",
        query: `{ member(id: "BE:m1") { email phone } }`,
        as: { role: "member", unit: "FR", sub: "FR:m1" },
        code: "FORBIDDEN",
      },
      {
        label: "BAD_USER_INPUT from the router (ID of no unit)",
        query: `{ member(id: "XX:1") { id } }`,
        as: { role: "central_office" },
        code: "BAD_USER_INPUT",
      },
      {
        label: "BAD_USER_INPUT from the units (first out of range)",
        query: `{ workspaces(first: 0) { edges { cursor } } }`,
        code: "BAD_USER_INPUT",
      },
      {
        label: "BAD_USER_INPUT from a unit's resolver",
        query: `mutation { registerMember(input: { country: BE, firstName: "A\\u0000", lastName: "B", email: "a@b.cd", cityId: "BE:capital" }) { id } }`,
        as: { role: "unit_staff", unit: "BE" },
        code: "BAD_USER_INPUT",
      },
      {
        label: "NOT_FOUND from a unit",
        query: `mutation { updateMember(id: "BE:m999", input: { phone: "+32 2 000 00 00" }) { id } }`,
        as: { role: "unit_staff", unit: "BE" },
        code: "NOT_FOUND",
      },
      {
        label: "BAD_USER_INPUT for a variable",
        query: `query($n: Int) { workspaces(first: $n) { edges { cursor } } }`,
        variables: { n: "ten" },
        code: "BAD_USER_INPUT",
      },
      {
        label: "GRAPHQL_VALIDATION_FAILED",
        query: `{ members { edges { node { password } } } }`,
        code: "GRAPHQL_VALIDATION_FAILED",
      },
      {
        label: "GRAPHQL_VALIDATION_FAILED for a subscription",
        query: `subscription { memberCount }`,
        code: "GRAPHQL_VALIDATION_FAILED",
      },
      { label: "GRAPHQL_PARSE_FAILED", query: `{ memberCount `, code: "GRAPHQL_PARSE_FAILED" },
      {
        label: "QUERY_TOO_COMPLEX",
        query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: memberCount`).join(" ")} }`,
        code: "QUERY_TOO_COMPLEX",
      },
    ];
    for (const p of provocations) {
      it(`${p.label}: ${p.code}`, async () => {
        const reply = await gateway.query(p.query, p.variables, p.as ? await as(p.as) : {});
        expect(reply.status).to.be.below(500);
        expect(
          [...new Set(reply.body.errors?.map((e) => e.extensions?.code))],
          JSON.stringify(reply.body.errors),
        ).to.deep.equal([p.code]);
        expectNothingInternal(reply.body);
      });
    }

    it("UNAUTHENTICATED for a forged token (HTTP 401)", async () => {
      const forged = await (await testIdentity()).forged({ role: "central_office" });
      const reply = await gateway.query(`{ memberCount }`, {}, { authorization: `Bearer ${forged}` });
      expect(reply.status).to.equal(401);
      expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["UNAUTHENTICATED"]);
      expectNothingInternal(reply.body);
    });

    it("SHARD_UNAVAILABLE for a unit past its deadline, naming it", async () => {
      units.slowDown("SE", 1500);
      // Cities, not memberCount: every unit here has 3 members, a count suppressed (COUNT_SUPPRESSED) for an anonymous caller.
      const reply = await gateway.query(`{ cities { id } }`);
      expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit])).to.deep.equal([
        ["SHARD_UNAVAILABLE", "SE"],
      ]);
      expectNothingInternal(reply.body);
    });
  });

  describe("unexpected errors", () => {
    it("a unit's SQL failure: INTERNAL_SERVER_ERROR naming the unit, no SQL, the other units still answer", async () => {
      await units.dataSources.BE.query(`ALTER TABLE workspace RENAME TO workspace_gone`);
      try {
        const reply = await gateway.query(`{ workspaces(first: 100) { edges { node { id } } } }`);
        expect(reply.status).to.equal(200);
        expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit, e.message])).to.deep.equal([
          ["INTERNAL_SERVER_ERROR", "BE", "Internal server error."],
        ]);
        expect(reply.body.data.workspaces.edges.map((e: { node: { id: string } }) => e.node.id)).to.have.members(
          FOUNDING_UNITS.filter((c) => c !== "BE").map((c) => `${c}:w1`),
        );
        expectNothingInternal(reply.body);
      } finally {
        await units.dataSources.BE.query(`ALTER TABLE workspace_gone RENAME TO workspace`);
      }
    });

    it("a failed unit's mutation: INTERNAL_SERVER_ERROR, no SQL, nothing written", async () => {
      await units.dataSources.BE.query(`ALTER TABLE city RENAME TO city_gone`);
      try {
        const before = await units.dataSources.BE.query(`SELECT * FROM member ORDER BY id`);
        const reply = await gateway.query(
          `mutation { registerMember(input: { country: BE, firstName: "Ana", lastName: "Pérez", email: "ana@example.net", cityId: "BE:capital" }) { id } }`,
          {},
          await as({ role: "unit_staff", unit: "BE" }),
        );
        expect(reply.status).to.equal(200);
        expect(reply.body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
          ["INTERNAL_SERVER_ERROR", "Internal server error."],
        ]);
        expectNothingInternal(reply.body);
        expect(await units.dataSources.BE.query(`SELECT * FROM member ORDER BY id`)).to.deep.equal(before);
      } finally {
        await units.dataSources.BE.query(`ALTER TABLE city_gone RENAME TO city`);
      }
    });

    it("the gateway's own failure: INTERNAL_SERVER_ERROR, without its message", async () => {
      failHook = true;
      const reply = await gateway.query(`{ memberCount(country: FR) }`);
      expect(reply.status).to.be.below(500);
      expect(reply.body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
        ["INTERNAL_SERVER_ERROR", "Internal server error."],
      ]);
      expectNothingInternal(reply.body);
    });
  });
});

describe("gateway > production mode over units that misbehave", () => {
  let units: FakeUnits;
  let gateway: RunningGateway;
  before(async () => {
    units = await startFakeUnits(testMembers(2));
    gateway = await startGateway(units.urls, { production: true });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  afterEach(() => {
    for (const unit of FOUNDING_UNITS) units.behave(unit, {});
  });

  it("masks an error a unit sent without a code (its raw SQL message) as INTERNAL_SERVER_ERROR naming the unit", async () => {
    units.behave("BE", {
      rewrite: (body) => ({
        ...body,
        errors: [{ message: `relation "member" does not exist: ${SENTINEL}`, path: ["memberCount"] }],
      }),
    });
    const reply = await gateway.query(`{ memberCount(country: BE) }`);
    expect(reply.status).to.be.below(500);
    expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit, e.message])).to.deep.equal([
      ["INTERNAL_SERVER_ERROR", "BE", "Internal server error."],
    ]);
    expectNothingInternal(reply.body);
  });

  it("drops the stack trace a unit put in its errors, keeping the error", async () => {
    units.behave("FR", {
      rewrite: () => ({
        data: null,
        errors: [
          {
            message: "No such member.",
            path: ["memberCount"],
            extensions: {
              code: "NOT_FOUND",
              stacktrace: [
                "GraphQLError: No such member.",
                "    at resolve (/srv/national/src/resolvers/Query.ts:12:3)",
              ],
            },
          },
        ],
      }),
    });
    const reply = await gateway.query(`{ memberCount(country: FR) }`);
    expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit, e.message])).to.deep.equal([
      ["NOT_FOUND", "FR", "No such member."],
    ]);
    expectNothingInternal(reply.body);
  });

  it("reports a unit answering HTTP 500 with SQL in its body as SHARD_UNAVAILABLE, without the body", async () => {
    units.behave("DE", {
      reply: { status: 500, body: JSON.stringify({ errors: [{ message: `${SENTINEL} FROM pg_shadow` }] }) },
    });
    const reply = await gateway.query(`{ memberCount }`);
    expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit])).to.deep.equal([
      ["SHARD_UNAVAILABLE", "DE"],
    ]);
    expect(reply.body.data.memberCount).to.be.a("number");
    expectNothingInternal(reply.body);
  });

  it("masks a unit's INTERNAL_SERVER_ERROR that carries its own message and stack trace", async () => {
    units.behave("IT", {
      rewrite: () => ({
        data: null,
        errors: [
          {
            message: SENTINEL,
            path: ["memberCount"],
            extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["Error", "    at q (/srv/it.ts:1:1)"] },
          },
        ],
      }),
    });
    const reply = await gateway.query(`{ memberCount(country: IT) }`);
    expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit, e.message])).to.deep.equal([
      ["INTERNAL_SERVER_ERROR", "IT", "Internal server error."],
    ]);
    expectNothingInternal(reply.body);
  });
});
