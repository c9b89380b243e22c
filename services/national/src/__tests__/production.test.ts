import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { randomBytes } from "node:crypto";
import { ConfigError, cursorKeyText, deriveCursorKey, generateGatewayKeyPair, type Viewer } from "@smart/platform";
import { testIdentity } from "@smart/identity/testing";
import { readNationalConfig } from "../config.js";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

/**
 * One unit built with `production: true`, asked directly (unit staff do, and so
 * may anyone who finds its address): no introspection, no stack trace, no SQL.
 */

const STAFF = { role: "unit_staff", unit: "AT" } as const;

/** No stack trace, file path or SQL anywhere in `body`. */
function expectNothingInternal(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).to.not.include("stacktrace");
  expect(text).to.not.match(/\bat .+\(.+:\d+:\d+\)|node_modules|\/src\/|\.[jt]s:\d+/);
  expect(text).to.not.match(/\bSELECT\b|\bINSERT\b|\bFROM\b.+\bWHERE\b|relation "|QueryFailedError|violates/);
}

describe("national > production mode", () => {
  let unit: RunningUnit;

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "AT", { production: true });
    await insertFixture(unit.dataSource, "AT", 3);
  });
  after(() => unit?.stop());

  for (const [label, query] of Object.entries({
    __schema: `{ __schema { types { name } } }`,
    __type: `{ __type(name: "Member") { fields { name } } }`,
    "__schema in a fragment": `{ ...F } fragment F on Query { __schema { queryType { name } } }`,
  })) {
    it(`refuses introspection (${label}) with GRAPHQL_VALIDATION_FAILED, HTTP 400`, async () => {
      const { status, body } = await unit.query(query, {}, STAFF);
      expect(status).to.equal(400);
      expect(body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
      expect(body.data).to.equal(undefined);
      expectNothingInternal(body);
    });
  }

  const provocations: {
    label: string;
    query: string;
    variables?: Record<string, unknown>;
    as?: Exclude<Viewer, { role: "anonymous" }>;
    code: string;
    status: number;
  }[] = [
    {
      label: "an anonymous member list",
      query: `{ members { edges { cursor } } }`,
      code: "UNAUTHENTICATED",
      status: 200,
    },
    {
      label: "another unit's staff reading emails",
      query: `{ member(id: "AT:m1") { email } }`,
      as: { role: "unit_staff", unit: "BE" },
      code: "FORBIDDEN",
      status: 200,
    },
    { label: "another unit's country", query: `{ memberCount(country: BE) }`, code: "BAD_USER_INPUT", status: 200 },
    {
      label: "another unit's ID",
      query: `{ member(id: "BE:m1") { id } }`,
      as: STAFF,
      code: "BAD_USER_INPUT",
      status: 200,
    },
    {
      label: "an ID of no unit",
      query: `mutation { updateMember(id: "12", input: { phone: "+43 1 000" }) { id } }`,
      as: STAFF,
      code: "BAD_USER_INPUT",
      status: 200,
    },
    {
      label: "a member that does not exist",
      query: `mutation { updateMember(id: "AT:m999", input: { phone: "+43 1 000" }) { id } }`,
      as: STAFF,
      code: "NOT_FOUND",
      status: 200,
    },
    {
      label: "a name with a control character",
      query: `mutation { registerMember(input: { country: AT, firstName: "A\\u0007", lastName: "B", email: "a@b.cd", cityId: "AT:capital" }) { id } }`,
      as: STAFF,
      code: "BAD_USER_INPUT",
      status: 400,
    },
    {
      label: "an impossible date literal",
      query: `{ memberCount(filter: { joinedFrom: "2024-02-30" }) }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
    },
    {
      label: "an impossible date variable",
      query: `query($d: Date) { memberCount(filter: { joinedFrom: $d }) }`,
      variables: { d: "2023-02-29" },
      code: "BAD_USER_INPUT",
      status: 400,
    },
    {
      label: "a wrong variable type",
      query: `query($n: Int) { workspaces(first: $n) { edges { cursor } } }`,
      variables: { n: "ten" },
      code: "BAD_USER_INPUT",
      status: 400,
    },
    {
      label: "an unknown field",
      query: `{ members { edges { node { password } } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
    },
    { label: "a subscription", query: `subscription { memberCount }`, code: "GRAPHQL_VALIDATION_FAILED", status: 400 },
    { label: "a syntax error", query: `{ memberCount(`, code: "GRAPHQL_PARSE_FAILED", status: 400 },
    {
      label: "too many aliases",
      query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: memberCount`).join(" ")} }`,
      code: "QUERY_TOO_COMPLEX",
      status: 400,
    },
  ];
  for (const p of provocations) {
    it(`answers ${p.label} with ${p.code} (HTTP ${p.status}) and no stack trace`, async () => {
      const { status, body } = await unit.query(p.query, p.variables, p.as);
      expect(status).to.equal(p.status);
      expect([...new Set(body.errors?.map((e) => e.extensions?.code))], JSON.stringify(body.errors)).to.deep.equal([
        p.code,
      ]);
      expectNothingInternal(body);
    });
  }

  it("answers a forged token with 401 UNAUTHENTICATED and no stack trace", async () => {
    const forged = await (await testIdentity()).forged({ role: "unit_staff", unit: "BE" });
    const response = await fetch(unit.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${forged}` },
      body: JSON.stringify({ query: "{ memberCount }" }),
    });
    expect(response.status).to.equal(401);
    const body = await response.json();
    expect(JSON.stringify(body)).to.include("UNAUTHENTICATED");
    expectNothingInternal(body);
  });

  it("masks a failing SQL statement as INTERNAL_SERVER_ERROR, without the SQL", async () => {
    await unit.dataSource.query(`ALTER TABLE workspace RENAME TO workspace_gone`);
    try {
      const { status, body } = await unit.query(`{ workspaces { edges { node { id } } } }`, {}, STAFF);
      expect(status).to.be.below(500);
      expect(body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
        ["INTERNAL_SERVER_ERROR", "Internal server error."],
      ]);
      expectNothingInternal(body);
    } finally {
      await unit.dataSource.query(`ALTER TABLE workspace_gone RENAME TO workspace`);
    }
  });

  it("masks a failing mutation the same way, and writes nothing", async () => {
    const before = JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`));
    await unit.dataSource.query(`ALTER TABLE city RENAME TO city_gone`);
    try {
      const { body } = await unit.query(
        `mutation { registerMember(input: { country: AT, firstName: "Anna", lastName: "Huber", email: "anna.huber@example.at", cityId: "AT:capital" }) { id } }`,
        {},
        STAFF,
      );
      expect(body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
        ["INTERNAL_SERVER_ERROR", "Internal server error."],
      ]);
      expectNothingInternal(body);
    } finally {
      await unit.dataSource.query(`ALTER TABLE city_gone RENAME TO city`);
    }
    expect(JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`))).to.equal(before);
  });
});

describe("national > config: the identity provider (AUTH_*) and the gateway's keys", () => {
  const ISSUER = "https://id.smart.coop/realms/smart";
  const base = { UNIT: "BE", DATABASE_URL: "postgres://smart@127.0.0.1:5432/smart_be", NODE_ENV: "development" };

  it("accepts tokens naming this unit's own endpoint, from the development provider by default", () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(readNationalConfig(base).auth).to.deep.equal({
        issuer: "http://localhost:4020",
        jwksUri: "http://localhost:4020/jwks",
        audience: "urn:smart:unit:be",
      });
      expect(readNationalConfig({ ...base, UNIT: "FR", AUTH_ISSUER: "https://id.smart.coop" }).auth).to.deep.equal({
        issuer: "https://id.smart.coop",
        jwksUri: "https://id.smart.coop/jwks",
        audience: "urn:smart:unit:fr",
      });
    } finally {
      console.warn = warn;
    }
  });

  it("refuses to start in production without an issuer", () => {
    expect(() => readNationalConfig({ ...base, NODE_ENV: "production" })).to.throw(
      ConfigError,
      /AUTH_ISSUER: required when NODE_ENV=production/,
    );
  });

  it("takes the issuer, the gateway's public keys and its own cursor key in production", () => {
    const keys = generateGatewayKeyPair("gateway-1");
    const cursorKey = cursorKeyText(deriveCursorKey(randomBytes(32), "BE"));
    const config = readNationalConfig({
      ...base,
      NODE_ENV: "production",
      AUTH_ISSUER: ISSUER,
      GATEWAY_PUBLIC_KEYS: keys.publicJwks,
      CURSOR_KEY: cursorKey,
    });
    expect(config).to.deep.include({ unit: "BE", production: true });
    expect(config.gatewayKeys.map((key) => key.keyId)).to.deep.equal(["gateway-1"]);
    expect(config.cursorKeys.map(cursorKeyText)).to.deep.equal([cursorKey]);
  });

  it("refuses production without GATEWAY_PUBLIC_KEYS, or without its CURSOR_KEY", () => {
    const cursorKey = cursorKeyText(randomBytes(32));
    expect(() =>
      readNationalConfig({ ...base, NODE_ENV: "production", AUTH_ISSUER: ISSUER, CURSOR_KEY: cursorKey }),
    ).to.throw(ConfigError, /^GATEWAY_PUBLIC_KEYS: required/);
    const keys = generateGatewayKeyPair("gateway-1").publicJwks;
    expect(() =>
      readNationalConfig({ ...base, NODE_ENV: "production", AUTH_ISSUER: ISSUER, GATEWAY_PUBLIC_KEYS: keys }),
    ).to.throw(ConfigError, /^CURSOR_KEY: required/);
  });
});
