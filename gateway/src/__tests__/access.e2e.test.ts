import { expect } from "chai";
import { createHmac } from "node:crypto";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, GRAPH_AUDIENCE, countryOfId, type FoundingUnit } from "@smart/platform";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { testIdentity, tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * Who sees what, THROUGH THE GATEWAY over the nine real units: the matrix of
 * services/national/src/__tests__/access.test.ts (which asks one unit directly),
 * plus what only a European graph has: fan-outs that some units refuse and others
 * answer, member references resolved across borders, bookings abroad.
 */

const members = testMembers(4); // <UNIT>:m1 … m4 in every unit; emails <UNIT>.m<n>@example.org
const PHONE = "+32 470 00 00"; // BE:m1's phone, once the matrix has set it

type Caller = PersonViewer | undefined;
const callers = {
  anonymous: undefined,
  "member BE:m1 (self)": { role: "member", unit: "BE", sub: "BE:m1" },
  "member BE:m2": { role: "member", unit: "BE", sub: "BE:m2" },
  "member FR:m1": { role: "member", unit: "FR", sub: "FR:m1" },
  "staff BE": { role: "unit_staff", unit: "BE" },
  "staff FR": { role: "unit_staff", unit: "FR" },
  "central office": { role: "central_office" },
} satisfies Record<string, Caller>;
type CallerName = keyof typeof callers;

/**
 * What a caller gets:
 * - "ok": no error at all;
 * - a code: at least one error, every one of them with that code;
 * - `{ refused: unit }` (Europe-wide lists of a caller who may read one unit): one
 *   FORBIDDEN that names the fix (`pass country: BE`), and no unit called.
 */
// NOT_FOUND: a booking the caller may not see is answered as a missing one.
// COUNT_SUPPRESSED: a count of fewer than 5 people, for all but the central office and the unit's staff.
type Outcome = "ok" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "COUNT_SUPPRESSED" | { refused: FoundingUnit };

interface Request {
  query: string;
  variables?: Record<string, unknown>;
}

interface Row {
  what: string;
  request: (caller: Caller, nonce: number) => Request;
  expect: Record<CallerName, Outcome>;
  /** What an allowed caller must find in `data` (beyond the absence of errors). */
  check?: (data: any, caller: Caller) => void;
  /** Mutations: compare every unit's rows before and after. */
  writes?: boolean;
}

/** Whose personal data (email, phone, shares…) the caller may see: docs/access.md. */
function maySeePersonal(caller: Caller, memberId: string): boolean {
  if (!caller) return false;
  switch (caller.role) {
    case "central_office":
      return true;
    case "unit_staff":
      return countryOfId(memberId) === caller.unit;
    case "member":
      return caller.sub === memberId;
  }
}

/** The members whose personal data a whole response (data, errors, messages) shows. */
function personalDataIn(reply: GraphqlReply): string[] {
  const text = JSON.stringify(reply.body);
  const emails = [...text.matchAll(/\b([A-Z]{2})\.(m\d+)@example\.org/g)].map((m) => `${m[1]}:${m[2]}`);
  return [...new Set([...emails, ...(text.includes(PHONE) ? ["BE:m1"] : [])])];
}

const ids = (data: any, field = "members"): string[] =>
  data[field].edges.map((e: { node: { id: string } }) => e.node.id);
const unitIds = (unit: FoundingUnit) => members[unit].map((m) => m.id);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const everyoneOk = (): Record<CallerName, Outcome> =>
  Object.fromEntries(Object.keys(callers).map((name) => [name, "ok"])) as Record<CallerName, Outcome>;

/** Filled in `before`: a booking of BE:m4 in BE:w1, for the cancelBooking row. */
const state = { bookingOfM4: "" };

const matrix: Row[] = [
  {
    what: "public counts, cities and workspaces (Europe-wide)",
    request: () => ({
      query: `{ cities { id name } workspaces(first: 20) { edges { node { id name capacity availability(date: "${day(3)}") { available } } } } }`,
    }),
    expect: everyoneOk(),
    check: (data) => {
      expect(data.cities).to.have.length(FOUNDING_UNITS.length * 2);
      expect(ids(data, "workspaces")).to.have.members(FOUNDING_UNITS.map((unit) => `${unit}:w1`));
    },
  },
  {
    // Every unit has 4 members: a count under 5, suppressed for all but the central office (and staff of their own unit's: BE's staff still miss the others').
    what: "counts of 4 members a unit (Europe-wide)",
    request: () => ({ query: `{ memberCount }` }),
    expect: {
      ...everyoneOk(),
      anonymous: "COUNT_SUPPRESSED",
      "member BE:m1 (self)": "COUNT_SUPPRESSED",
      "member BE:m2": "COUNT_SUPPRESSED",
      "member FR:m1": "COUNT_SUPPRESSED",
      "staff BE": "COUNT_SUPPRESSED",
      "staff FR": "COUNT_SUPPRESSED",
    },
    check: (data) => expect(data.memberCount).to.be.at.least(FOUNDING_UNITS.length * 4),
  },
  {
    what: "the Europe-wide member list",
    request: () => ({ query: `{ members(first: 100) { edges { node { id displayName city { name } } } } }` }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": { refused: "BE" },
      "member BE:m2": { refused: "BE" },
      "member FR:m1": { refused: "FR" },
      "staff BE": { refused: "BE" },
      "staff FR": { refused: "FR" },
      "central office": "ok",
    },
    check: (data) => expect(ids(data)).to.include.members(FOUNDING_UNITS.flatMap(unitIds)),
  },
  {
    what: "one unit's member list (country: BE)",
    request: () => ({ query: `{ members(country: BE, first: 100) { edges { node { id displayName } } } }` }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "ok",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
    check: (data) => expect(ids(data)).to.include.members(unitIds("BE")),
  },
  {
    what: "a BE member's public fields, across borders",
    request: () => ({
      query: `{ member(id: "BE:m1") { id displayName city { name } activeIn { code } country { code } } }`,
    }),
    expect: { ...everyoneOk(), anonymous: "UNAUTHENTICATED" },
    check: (data) =>
      expect(data.member).to.deep.include({ id: "BE:m1", city: { name: "BE Capital" }, country: { code: "BE" } }),
  },
  {
    what: "a BE member's personal data (email, phone, shares, joinedOn)",
    request: () => ({ query: `{ member(id: "BE:m1") { id email phone shares joinedOn } }` }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
    check: (data) => expect(data.member).to.deep.include({ id: "BE:m1", email: "BE.m1@example.org" }),
  },
  {
    what: "the emails of a unit's member list (country: BE)",
    request: () => ({ query: `{ members(country: BE, first: 100) { edges { node { id email } } } }` }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      // A member's own email comes back beside the FORBIDDEN of every other member's.
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
    check: (data) =>
      expect(data.members.edges.every((e: { node: { email: unknown } }) => typeof e.node.email === "string")).to.equal(
        true,
      ),
  },
  {
    what: "a BE member's bookings in every unit (Member.bookings, through the references subgraph)",
    request: () => ({ query: `{ member(id: "BE:m4") { id bookings { id workspace { id } } } }` }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "ok",
    },
    check: (data) => expect(data.member.bookings.map((b: { id: string }) => b.id)).to.include(state.bookingOfM4),
  },
  {
    what: "a booking of BE:m4 by ID (booking(id)), with its member resolved from BE",
    request: () => ({
      query: `query($id: ID!) { booking(id: $id) { id memberId member { id displayName email } } }`,
      variables: { id: state.bookingOfM4 },
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "NOT_FOUND",
      "member BE:m2": "NOT_FOUND",
      "member FR:m1": "NOT_FOUND",
      "staff BE": "ok",
      "staff FR": "NOT_FOUND",
      "central office": "ok",
    },
    check: (data) =>
      expect(data.booking).to.deep.include({
        id: state.bookingOfM4,
        memberId: "BE:m4",
        member: { id: "BE:m4", displayName: data.booking.member.displayName, email: "BE.m4@example.org" },
      }),
  },
  {
    what: "registerMember in BE",
    request: (_, nonce) => ({
      query: `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
      variables: {
        input: {
          country: "BE",
          firstName: "Ana",
          lastName: "Pérez",
          email: `ana.${nonce}@example.net`,
          cityId: "BE:capital",
        },
      },
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
    check: (data) => expect(data.registerMember.id).to.match(/^BE:m\d+$/),
    writes: true,
  },
  {
    what: "updateMember: BE:m1's phone",
    request: (_, nonce) => ({
      query: `mutation { updateMember(id: "BE:m1", input: { phone: "${PHONE} ${String(nonce).padStart(2, "0")}" }) { id } }`,
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
    writes: true,
  },
  {
    what: "updateMember: BE:m1's shares",
    request: (_, nonce) => ({
      query: `mutation { updateMember(id: "BE:m1", input: { shares: ${nonce + 1} }) { id } }`,
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
    writes: true,
  },
  {
    what: "bookWorkspace for oneself in another unit's workspace (NL:w1)",
    request: (caller, nonce) => ({
      query: `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id memberId workspace { id } } }`,
      variables: {
        input: {
          workspaceId: "NL:w1",
          memberId: caller?.role === "member" ? caller.sub : "BE:m1",
          date: day(10),
          idempotencyKey: `self-${nonce}`,
        },
      },
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "ok",
      "member BE:m2": "ok",
      "member FR:m1": "ok",
      // Staff book in their own unit's workspaces only; the central office books nothing.
      "staff BE": "FORBIDDEN",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
    check: (data, caller) =>
      expect(data.bookWorkspace).to.deep.include({
        memberId: caller?.role === "member" ? caller.sub : null,
        workspace: { id: "NL:w1" },
      }),
    writes: true,
  },
  {
    what: "bookWorkspace for someone else (BE:m3 in BE:w1)",
    request: (_, nonce) => ({
      query: `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id memberId } }`,
      variables: {
        input: { workspaceId: "BE:w1", memberId: "BE:m3", date: day(11), idempotencyKey: `other-${nonce}` },
      },
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "FORBIDDEN",
      "member BE:m2": "FORBIDDEN",
      "member FR:m1": "FORBIDDEN",
      "staff BE": "ok",
      "staff FR": "FORBIDDEN",
      "central office": "FORBIDDEN",
    },
    check: (data) => expect(data.bookWorkspace.memberId).to.equal("BE:m3"),
    writes: true,
  },
  {
    what: "cancelBooking of BE:m4's booking in BE:w1",
    request: () => ({
      query: `mutation($id: ID!) { cancelBooking(id: $id) { id status } }`,
      variables: { id: state.bookingOfM4 },
    }),
    expect: {
      anonymous: "UNAUTHENTICATED",
      "member BE:m1 (self)": "NOT_FOUND",
      "member BE:m2": "NOT_FOUND",
      "member FR:m1": "NOT_FOUND",
      "staff BE": "ok",
      "staff FR": "NOT_FOUND",
      "central office": "FORBIDDEN",
    },
    check: (data) => expect(data.cancelBooking.status).to.equal("CANCELLED"),
    writes: true,
  },
];

describe("gateway > who sees what, end to end (nine real units on Postgres)", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let unitCalls = 0;
  let nonce = 0;

  const headersOf = async (caller: Caller): Promise<Record<string, string>> =>
    caller ? { authorization: `Bearer ${await tokenFor(caller)}` } : {};

  /** Every unit's members and bookings, as rows. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        FOUNDING_UNITS.map(async (unit) => [
          await units.dataSources[unit].query(`SELECT * FROM member ORDER BY id`),
          await units.dataSources[unit].query(`SELECT * FROM booking ORDER BY id`),
        ]),
      ),
    );

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), members);
    gateway = await startGateway(units.urls, { deadlineMs: 2000, willSendUnitRequest: () => void unitCalls++ });
    const booked = await gateway.query(
      `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id } }`,
      { input: { workspaceId: "BE:w1", memberId: "BE:m4", date: day(12), idempotencyKey: "matrix-setup" } },
      await headersOf(callers["staff BE"]),
    );
    expect(booked.body.errors, JSON.stringify(booked.body.errors)).to.equal(undefined);
    state.bookingOfM4 = booked.body.data.bookWorkspace.id;
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });

  for (const row of matrix) {
    describe(row.what, () => {
      for (const [name, caller] of Object.entries(callers) as [CallerName, Caller][]) {
        const outcome = row.expect[name];
        it(`${name}: ${typeof outcome === "string" ? outcome : `one FORBIDDEN naming country: ${outcome.refused}, no unit called`}`, async () => {
          const { query, variables } = row.request(caller, ++nonce);
          const before = row.writes ? await snapshot() : "";
          unitCalls = 0;
          const reply = await gateway.query(query, variables, await headersOf(caller));
          const { data, errors = [] } = reply.body;
          const summary = JSON.stringify(
            errors.map((e) => [e.extensions?.code, e.extensions?.unit, e.path, e.message]),
          );

          // Valid tokens: refusals are field errors beside the data the caller may have.
          expect(reply.status, summary).to.equal(200);
          for (const error of errors) expect(error.extensions?.code, summary).to.be.a("string");
          // Nobody's personal data but what the caller may see, anywhere in the answer.
          expect(
            personalDataIn(reply).filter((id) => !maySeePersonal(caller, id)),
            summary,
          ).to.deep.equal([]);

          if (outcome === "ok") {
            expect(errors, summary).to.deep.equal([]);
            row.check?.(data, caller);
          } else if (typeof outcome === "string") {
            expect(errors, summary).to.not.be.empty;
            expect([...new Set(errors.map((e) => e.extensions?.code))], summary).to.deep.equal([outcome]);
          } else {
            // One error a client can act on, instead of its unit's page and eight refusals.
            expect(
              errors.map((e) => [e.extensions?.code, e.path]),
              summary,
            ).to.deep.equal([["FORBIDDEN", ["members"]]]);
            expect(errors[0]!.message, summary).to.contain(`pass country: ${outcome.refused}`);
            expect(data ?? null).to.equal(null);
            expect(unitCalls, "units called").to.equal(0);
          }

          if (row.writes) {
            const after = await snapshot();
            if (outcome === "ok") expect(after, "an allowed mutation writes").to.not.equal(before);
            else expect(after, "a refused mutation leaves every unit's database as it was").to.equal(before);
          }
        });
      }
    });
  }

  describe("fan-out root fields: the gateway refuses a scope the caller cannot have, before any unit", () => {
    const from = day(1);
    const to = day(30);
    // Every root field that fans out without its `by` argument, each with the callers that matter.
    const cases: {
      field: string;
      query: string;
      caller: CallerName;
      expect: "ok" | "UNAUTHENTICATED" | { refused: FoundingUnit };
      unitsCalled: number;
    }[] = [
      {
        field: "members",
        query: `{ members(first: 5) { edges { node { id } } } }`,
        caller: "member BE:m2",
        expect: { refused: "BE" },
        unitsCalled: 0,
      },
      {
        field: "members",
        query: `{ members(first: 5) { edges { node { id } } } }`,
        caller: "staff FR",
        expect: { refused: "FR" },
        unitsCalled: 0,
      },
      {
        field: "members",
        query: `{ members(first: 5) { edges { node { id } } } }`,
        caller: "anonymous",
        expect: "UNAUTHENTICATED",
        unitsCalled: 0,
      },
      {
        field: "members",
        query: `{ members(first: 5) { edges { node { id } } } }`,
        caller: "central office",
        expect: "ok",
        unitsCalled: 9,
      },
      {
        field: "members",
        query: `{ members(country: BE, first: 5) { edges { node { id } } } }`,
        caller: "member BE:m2",
        expect: "ok",
        unitsCalled: 1,
      },
      // Counts fan out for anyone (what each unit tells whom is the unit's: the "counts of 4 members a unit" row).
      { field: "memberCount", query: `{ memberCount }`, caller: "central office", expect: "ok", unitsCalled: 9 },
      { field: "cities", query: `{ cities { id } }`, caller: "staff BE", expect: "ok", unitsCalled: 9 },
      {
        field: "workspaces",
        query: `{ workspaces(first: 5) { edges { node { id } } } }`,
        caller: "member FR:m1",
        expect: "ok",
        unitsCalled: 9,
      },
      // A member's bookings are everywhere they booked: their fan-out is legitimate.
      {
        field: "bookings",
        query: `{ bookings(from: "${from}", to: "${to}") { id } }`,
        caller: "member BE:m1 (self)",
        expect: "ok",
        unitsCalled: 9,
      },
      {
        field: "bookings",
        query: `{ bookings(from: "${from}", to: "${to}") { id } }`,
        caller: "staff BE",
        expect: "ok",
        unitsCalled: 9,
      },
      {
        field: "bookings",
        query: `{ bookings(from: "${from}", to: "${to}") { id } }`,
        caller: "anonymous",
        expect: "UNAUTHENTICATED",
        unitsCalled: 0,
      },
    ];
    for (const test of cases) {
      const outcome =
        typeof test.expect === "string" ? test.expect : `one FORBIDDEN: pass country: ${test.expect.refused}`;
      it(`${test.query.slice(2, 40)}…, ${test.caller}: ${outcome}, ${test.unitsCalled} unit(s) called`, async () => {
        unitCalls = 0;
        const reply = await gateway.query(test.query, {}, await headersOf(callers[test.caller]));
        const errors = reply.body.errors ?? [];
        const summary = JSON.stringify(errors);
        if (test.expect === "ok") expect(errors, summary).to.deep.equal([]);
        else if (test.expect === "UNAUTHENTICATED") {
          expect(
            errors.map((e) => [e.extensions?.code, e.path, e.message]),
            summary,
          ).to.deep.equal([["UNAUTHENTICATED", [test.field], `Sign in to see Query.${test.field}.`]]);
        } else {
          expect(
            errors.map((e) => [e.extensions?.code, e.path]),
            summary,
          ).to.deep.equal([["FORBIDDEN", [test.field]]]);
          expect(errors[0]!.message).to.contain(`pass country: ${test.expect.refused}`);
          expect(errors[0]!.extensions).to.deep.include({
            argumentName: "country",
            allowedCountries: [test.expect.refused],
          });
        }
        expect(unitCalls, "units called").to.equal(test.unitsCalled);
      });
    }
  });

  describe("tokens at the gateway", () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** A token with exactly these claims (beside a valid issuer, audience and times), signed by the provider's own key. */
    const rawToken = async (claims: Record<string, unknown>, header: Record<string, unknown> = {}) => {
      const identity = await testIdentity();
      const standard = {
        iss: identity.issuer,
        aud: GRAPH_AUDIENCE,
        sub: "central-office",
        iat: now(),
        exp: now() + 3600,
      };
      return `Bearer ${await identity.signedByProvider({ ...standard, ...claims }, header)}`;
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const bad: Record<string, () => Promise<string>> = {
      "a malformed token": async () => "Bearer not.a.jwt",
      "an expired token": () => rawToken({ role: "unit_staff", unit: "BE", iat: now() - 3600, exp: now() - 120 }),
      "a token issued in the future": () => rawToken({ role: "central_office", iat: now() + 300 }),
      "a token signed by a key the provider does not publish": async () =>
        `Bearer ${await (await testIdentity()).forged({ role: "central_office" })}`,
      "a token naming an unknown kid": () => rawToken({ role: "central_office" }, { kid: "not-a-published-key" }),
      "a token for another audience (a unit's own endpoint)": () =>
        rawToken({ role: "unit_staff", unit: "BE", aud: "urn:smart:unit:be" }),
      "a token from another issuer": () => rawToken({ role: "central_office", iss: "http://localhost:4999" }),
      "an HS256 token (a shared secret)": async () => {
        const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ iss: (await testIdentity()).issuer, aud: GRAPH_AUDIENCE, role: "central_office", sub: "central-office", iat: now(), exp: now() + 600 })}`;
        return `Bearer ${unsigned}.${createHmac("sha256", "a-shared-secret-of-at-least-32-characters").update(unsigned).digest("base64url")}`;
      },
      "an unsigned token (alg none)": async () =>
        `Bearer ${encode({ alg: "none", typ: "JWT" })}.${encode({ iss: (await testIdentity()).issuer, aud: GRAPH_AUDIENCE, role: "central_office", sub: "central-office", iat: now(), exp: now() + 600 })}.`,
      "an unknown role": () => rawToken({ role: "admin" }),
      "the gateway's own service role": () => rawToken({ role: "service", work: "member_rights" }),
      "a token without exp": () => rawToken({ role: "central_office", exp: undefined }),
      "a member token whose sub is another unit's member": () => rawToken({ role: "member", unit: "BE", sub: "FR:m1" }),
      "a unit_staff token without a unit": () => rawToken({ role: "unit_staff" }),
      "a unit_staff token whose unit is no unit's code": () => rawToken({ role: "unit_staff", unit: "xx" }),
      "a unit_staff token of a well-formed unit the directory has not admitted": () =>
        rawToken({ role: "unit_staff", unit: "XX" }),
      "a member token of a well-formed unit the directory has not admitted": () =>
        rawToken({ role: "member", unit: "XX", sub: "XX:m1" }),
      "a header that is not Bearer": async () => "Basic dXNlcjpwYXNz",
    };
    for (const [label, header] of Object.entries(bad)) {
      it(`refuses ${label} with HTTP 401 UNAUTHENTICATED before any unit is asked, never as anonymous`, async () => {
        unitCalls = 0;
        const reply = await gateway.query(
          `{ memberCount members(country: BE, first: 3) { edges { node { id email } } } }`,
          {},
          { authorization: await header() },
        );
        expect(reply.status).to.equal(401);
        expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["UNAUTHENTICATED"]);
        expect(reply.body.data ?? null).to.equal(null);
        expect(unitCalls).to.equal(0);
      });
    }
  });
});
