import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { type Viewer } from "@smart/platform";
import { testIdentity } from "@smart/identity/testing";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

type Caller = Exclude<Viewer, { role: "anonymous" }> | undefined;
const callers: Record<string, Caller> = {
  anonymous: undefined,
  "member BE:m1 (self)": { role: "member", unit: "BE", sub: "BE:m1" },
  "member BE:m2": { role: "member", unit: "BE", sub: "BE:m2" },
  "member FR:m1": { role: "member", unit: "FR", sub: "FR:m1" },
  "staff BE": { role: "unit_staff", unit: "BE" },
  "staff FR": { role: "unit_staff", unit: "FR" },
  "central office": { role: "central_office" },
};
type Outcome = "ok" | "UNAUTHENTICATED" | "FORBIDDEN";

/** Each row: a request to the BE unit, and what each caller gets (the first error's code, or ok). */
const matrix: { what: string; query: string; expect: Record<keyof typeof callers, Outcome> }[] = [
  {
    // The unit's 5 members: a count of 5 is for everyone; its cities' 3 and 2 are suppressed for all but its staff and central (disclosure.test.ts).
    what: "public counts, cities and workspaces",
    query: `{ memberCount cities { name } workspaces { edges { node { name capacity } } } }`,
    expect: {
      anonymous: "ok",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "ok",
      "member FR:m1": "ok",
      "staff BE": "ok",
      "staff FR": "ok",
      "central office": "ok",
    },
  },
  {
    what: "the member list",
    query: `{ members(first: 3) { edges { node { id displayName } } } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "ok",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
  },
  {
    what: "a member's public fields",
    query: `{ member(id: "BE:m1") { displayName city { name } activeIn { code } } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "ok",
      "member FR:m1": "ok",
      "staff BE": "ok",
      "staff FR": "ok",
      "central office": "ok",
    },
  },
  {
    what: "a member's personal data",
    query: `{ member(id: "BE:m1") { email phone shares joinedOn } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
  },
  {
    what: "personal data through an entity reference",
    query: `{ _entities(representations: [{ __typename: "Member", id: "BE:m1" }]) { ... on Member { email } } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
  },
  {
    what: "registering a member",
    query: `mutation { registerMember(input: { country: BE, firstName: "Ana", lastName: "Pérez", email: "ana.perez.NONCE@example.be", cityId: "BE:capital" }) { id } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
  },
  {
    what: "changing a member's phone",
    query: `mutation { updateMember(id: "BE:m1", input: { phone: "+32 470 00 00 NONCE" }) { id } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
  },
  {
    what: "changing a member's shares",
    query: `mutation { updateMember(id: "BE:m1", input: { shares: 7 }) { id } }`,
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
  },
];

describe("national > access", () => {
  let unit: RunningUnit;
  let nonce = 0;
  const snapshot = async () => JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`));

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "BE");
    await insertFixture(unit.dataSource, "BE", 5);
  });
  after(() => unit?.stop());

  for (const row of matrix) {
    describe(row.what, () => {
      for (const [name, caller] of Object.entries(callers)) {
        const outcome = row.expect[name]!;
        it(`${name}: ${outcome}`, async () => {
          const before = await snapshot();
          const { body } = await unit.query(row.query.replace("NONCE", String(++nonce)), {}, caller);
          const code = body.errors?.[0]?.extensions?.code ?? "ok";
          expect(code, JSON.stringify(body.errors)).to.equal(outcome);
          if (outcome !== "ok") {
            expect(JSON.stringify(body.data ?? {})).to.not.match(/@|\+32/); // no personal data leaks beside the error
            if (row.query.startsWith("mutation")) expect(await snapshot()).to.equal(before);
          }
        });
      }
    });
  }

  describe("tokens", () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** A token with exactly these claims (beside a valid issuer, BE's audience and times), signed by the provider's own key. */
    const rawToken = async (claims: Record<string, unknown>) => {
      const identity = await testIdentity();
      const standard = {
        iss: identity.issuer,
        aud: "urn:smart:unit:be",
        sub: "staff:BE",
        iat: now(),
        exp: now() + 3600,
      };
      return `Bearer ${await identity.signedByProvider({ ...standard, ...claims })}`;
    };
    const bad: Record<string, () => Promise<string>> = {
      "a malformed token": async () => "Bearer not.a.jwt",
      "an expired token": () => rawToken({ role: "unit_staff", unit: "BE", iat: now() - 3600, exp: now() - 120 }),
      "a wrongly signed token": async () =>
        `Bearer ${await (await testIdentity()).forged({ role: "unit_staff", unit: "BE" })}`,
      "a member's token (it names the European graph only)": async () =>
        `Bearer ${await (await testIdentity()).token({ role: "member", unit: "BE", sub: "BE:m1" })}`,
      "the central office's token (it works at the gateway only)": async () =>
        `Bearer ${await (await testIdentity()).token({ role: "central_office" })}`,
      "another unit's staff token": async () =>
        `Bearer ${await (await testIdentity()).token({ role: "unit_staff", unit: "FR" })}`,
      "an unknown role": () => rawToken({ role: "admin" }),
      "a token without exp": () => rawToken({ role: "central_office", exp: undefined }),
      "a member token for another unit's ID": () => rawToken({ role: "member", unit: "BE", sub: "FR:m1" }),
      "a header that is not Bearer": async () => "Basic dXNlcjpwYXNz",
    };
    for (const [label, header] of Object.entries(bad)) {
      it(`refuses ${label} with HTTP 401 UNAUTHENTICATED, never as anonymous`, async () => {
        const response = await fetch(unit.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: await header() },
          body: JSON.stringify({ query: "{ memberCount }" }),
        });
        expect(response.status).to.equal(401);
        const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect(body.errors[0]!.extensions.code).to.equal("UNAUTHENTICATED");
        expect(body.data).to.equal(undefined);
      });
    }
  });
});
