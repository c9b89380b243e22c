import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { randomBytes } from "node:crypto";
import { FOUNDING_UNITS, GRAPH_AUDIENCE, gatewayCursors, unitCursorCodec, type FoundingUnit } from "@smart/platform";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testCursors as cursors, testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { testIdentity, tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * The attacks of the trust-boundary review, through the gateway over nine real
 * units: each refused with its code, most before any unit is called.
 */
const members = testMembers(12);
type Caller = PersonViewer | undefined;
const MEMBER: Caller = { role: "member", unit: "BE", sub: "BE:m5" };
const OFFICE: Caller = { role: "central_office" };
const STAFF_BE: Caller = { role: "unit_staff", unit: "BE" };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const codes = (reply: GraphqlReply) => [...new Set((reply.body.errors ?? []).map((e) => e.extensions?.code))];

describe("gateway > trust boundary (nine real units on Postgres)", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let unitCalls: string[] = [];
  const ask = async (query: string, variables: Record<string, unknown> = {}, caller?: Caller) =>
    gateway.query(query, variables, caller ? { authorization: `Bearer ${await tokenFor(caller)}` } : {});

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), members);
    gateway = await startGateway(units.urls, {
      deadlineMs: 3000,
      willSendUnitRequest: ({ unit }) => void unitCalls.push(unit),
    });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => (unitCalls = []));

  describe("the unit-call budget (45 by default): priced from the query plan, refused before any unit", () => {
    const ranges = (count: number) =>
      Array.from(
        { length: count },
        (_, i) => `x${i}: bookings(from: "${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)}") { id }`,
      ).join(" ");
    const cases: { label: string; query: string; caller: Caller; calls: number | "refused" }[] = [
      { label: "one member by ID", query: `{ member(id: "BE:m1") { displayName } }`, caller: MEMBER, calls: 1 },
      { label: "a Europe-wide page", query: `{ members(first: 5) { edges { cursor } } }`, caller: OFFICE, calls: 9 },
      {
        label: "30 aliased Europe-wide counts (one call per unit for all of them)",
        query: `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: memberCount(filter: { nameContains: "${i}" })`).join(" ")} }`,
        caller: OFFICE,
        calls: 9,
      },
      {
        label: "a member's bookings in 6 date ranges",
        query: `{ member(id: "BE:m5") { ${ranges(6)} } }`,
        caller: MEMBER,
        calls: 10,
      },
      // One batch mixes date ranges: 30 ranges are 2 fan-outs (they were 30, of 9 calls each).
      {
        label: "a member's bookings in 30 date ranges",
        query: `{ member(id: "BE:m5") { ${ranges(30)} } }`,
        caller: MEMBER,
        calls: 1 + 18,
      },
      {
        label: "30 date ranges of the bookings of each of 50 members (1,500 lists)",
        query: `{ members(first: 50) { edges { node { ${ranges(30)} } } } }`,
        caller: OFFICE,
        calls: "refused",
      },
      {
        label: "the bookings of 100 members of a Europe-wide page",
        query: `{ members(first: 100) { edges { node { bookings { id } } } } }`,
        caller: OFFICE,
        calls: "refused",
      },
      {
        label: "the bookings of 50 members of a Europe-wide page",
        query: `{ members(first: 50) { edges { node { bookings { id } } } } }`,
        caller: OFFICE,
        calls: 9 + 27,
      },
    ];
    for (const c of cases) {
      it(`${c.label}: ${c.calls === "refused" ? "QUERY_TOO_COMPLEX, no unit called" : `${c.calls} unit calls or fewer`}`, async () => {
        const reply = await ask(c.query, {}, c.caller);
        if (c.calls === "refused") {
          expect(reply.status).to.equal(400);
          expect(codes(reply)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
          expect(reply.body.errors![0]!.message).to.match(
            /would make about \d+ calls to the national units; the limit is 45/,
          );
          expect(unitCalls).to.deep.equal([]);
        } else {
          expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
          expect(unitCalls.length).to.be.at.most(c.calls);
        }
      });
    }

    it("is configurable: QUERY_MAX_UNIT_CALLS of 9 refuses a query priced 10", async () => {
      const tight = await startGateway(units.urls, { maxUnitCalls: 9 });
      try {
        const member = { authorization: `Bearer ${await tokenFor(MEMBER)}` };
        const office = { authorization: `Bearer ${await tokenFor(OFFICE)}` };
        expect(codes(await tight.query(`{ member(id: "BE:m5") { ${ranges(6)} } }`, {}, member))).to.deep.equal([
          "QUERY_TOO_COMPLEX",
        ]);
        expect(codes(await tight.query(`{ members(first: 5) { edges { cursor } } }`, {}, office))).to.deep.equal([]);
      } finally {
        await tight.stop();
      }
    });

    it("prices the same operation again by its variables: one unit, then every unit, then one again (a kept price follows them)", async () => {
      const tight = await startGateway(units.urls, { maxUnitCalls: 5 });
      try {
        const office = { authorization: `Bearer ${await tokenFor(OFFICE)}` };
        const QUERY = `query($country: CountryCode) { a: memberCount(country: $country) b: members(country: $country, first: 1) { edges { cursor } } }`;
        for (const [country, refused] of [
          ["BE", false],
          [null, true],
          ["BE", false],
          [null, true],
        ] as const) {
          expect(codes(await tight.query(QUERY, { country }, office)), String(country)).to.deep.equal(
            refused ? ["QUERY_TOO_COMPLEX"] : [],
          );
        }
      } finally {
        await tight.stop();
      }
    });
  });

  describe("the router's namespace", () => {
    it("refuses 60 `__sr_` aliases at validation (HTTP 400, GRAPHQL_VALIDATION_FAILED), no unit called", async () => {
      const reply = await ask(`{ ${Array.from({ length: 60 }, (_, i) => `__sr_${i}: memberCount`).join(" ")} }`);
      expect(reply.status).to.equal(400);
      expect(codes(reply)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
      expect(reply.body.errors![0]!.message).to.match(/reserved for the gateway/);
      expect(unitCalls).to.deep.equal([]);
    });

    it("refuses a caller's `__sr_edges: pageInfo` inside members as the caller's mistake, not a Europe-wide outage", async () => {
      const reply = await ask(
        `{ members(first: 3) { __sr_edges: pageInfo { hasNextPage } edges { cursor } } }`,
        {},
        OFFICE,
      );
      expect(reply.status).to.equal(400);
      expect(codes(reply)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
      expect(unitCalls).to.deep.equal([]);
    });

    it("refuses the namespace as a variable, an operation or a fragment name", async () => {
      for (const query of [
        `query($__sr_include_0: Boolean) { memberCount }`,
        `query __sr_x { memberCount }`,
        `{ ...__sr_f } fragment __sr_f on Query { memberCount }`,
      ]) {
        expect(codes(await ask(query)), query).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
      }
      expect(unitCalls).to.deep.equal([]);
    });
  });

  describe("protected filters", () => {
    it("refuses anonymous `memberCount(filter: {nameContains, status})` with FORBIDDEN: one person's status is not counted", async () => {
      const reply = await ask(
        `{ memberCount(country: BE, filter: { nameContains: "${members.BE[0]!.lastName}", status: SUSPENDED }) }`,
      );
      expect(codes(reply)).to.deep.equal(["FORBIDDEN"]);
      expect(reply.body.data?.memberCount ?? null).to.equal(null);
    });

    it("refuses a member's `members(filter: {status})`, and answers staff of the unit", async () => {
      expect(
        codes(await ask(`{ members(country: BE, filter: { status: SUSPENDED }) { edges { cursor } } }`, {}, MEMBER)),
      ).to.deep.equal(["FORBIDDEN"]);
      expect(
        codes(await ask(`{ members(country: BE, filter: { status: SUSPENDED }) { edges { cursor } } }`, {}, STAFF_BE)),
      ).to.deep.equal([]);
    });
  });

  describe("cursors", () => {
    it("carry no join date: a Europe-wide JOINED_DESC cursor decodes to sealed unit positions only", async () => {
      const reply = await ask(`{ members(first: 5, orderBy: JOINED_DESC) { pageInfo { endCursor } } }`, {}, OFFICE);
      const end = reply.body.data.members.pageInfo.endCursor as string;
      const text = JSON.stringify(cursors.decodeComposite(end));
      expect(text).not.to.match(/20\d\d-\d\d-\d\d/);
      expect(text).not.to.match(/[A-Z]{2}:m\d/);
    });

    it("refuses a tampered Europe-wide cursor with BAD_USER_INPUT, calling no unit", async () => {
      const reply = await ask(`{ members(first: 5) { pageInfo { endCursor } } }`, {}, OFFICE);
      const positions = cursors.decodeComposite(reply.body.data.members.pageInfo.endCursor);
      const [unit, position] = Object.entries(positions)[0]! as [FoundingUnit, string];
      const other = FOUNDING_UNITS.find((c) => c !== unit)!;
      unitCalls = [];
      for (const tampered of [
        cursors.encodeComposite({
          ...positions,
          [unit]: position.slice(0, -2) + (position.endsWith("A") ? "BB" : "AA"),
        }),
        cursors.encodeComposite({ [other]: position }),
        cursors.encodeComposite({
          [unit]: unitCursorCodec(unit, [randomBytes(32)]).encode(unit, {
            order: "NAME_ASC",
            key: ["a", `${unit}:m1`],
          }),
        }),
        // The old, unsealed form: the positions in plain base64 JSON.
        Buffer.from(JSON.stringify({ eu1: positions })).toString("base64url"),
        gatewayCursors([randomBytes(32)]).encodeComposite(positions),
      ]) {
        const refused = await ask(
          `query($a: String) { members(first: 5, after: $a) { edges { cursor } } }`,
          { a: tampered },
          OFFICE,
        );
        expect(codes(refused)).to.deep.equal(["BAD_USER_INPUT"]);
      }
      expect(unitCalls).to.deep.equal([]);
    });
  });

  describe("quiet refusals", () => {
    let bookingId: string;
    before(async () => {
      const booked = await ask(
        `mutation($i: BookWorkspaceInput!) { bookWorkspace(input: $i) { id } }`,
        { i: { workspaceId: "FR:w1", memberId: "BE:m5", date: day(20), idempotencyKey: "quiet" } },
        MEMBER,
      );
      bookingId = booked.body.data.bookWorkspace.id;
    });

    it("answers another member's cancelBooking and booking(id) as for a missing booking, naming no one", async () => {
      const other: Caller = { role: "member", unit: "BE", sub: "BE:m6" };
      const cancel = await ask(`mutation($id: ID!) { cancelBooking(id: $id) { id } }`, { id: bookingId }, other);
      const missing = await ask(`mutation { cancelBooking(id: "FR:b999999") { id } }`, {}, other);
      const read = await ask(`query($id: ID!) { booking(id: $id) { id } }`, { id: bookingId }, other);
      for (const reply of [cancel, missing, read]) {
        expect(codes(reply)).to.deep.equal(["NOT_FOUND"]);
        expect(reply.body.errors![0]!.message).not.to.match(/BE:m5/);
      }
      expect(cancel.body.errors![0]!.message.replace(bookingId, "ID")).to.equal(
        missing.body.errors![0]!.message.replace("FR:b999999", "ID"),
      );
      const [row] = await units.dataSources.FR.query<{ status: string }[]>(`SELECT status FROM booking WHERE id = $1`, [
        bookingId,
      ]);
      expect(row!.status).to.equal("CONFIRMED");
    });

    it("tells a member the same whether an email is registered or not", async () => {
      const taken = await ask(
        `mutation { updateMember(id: "BE:m5", input: { email: "BE.m6@example.org" }) { id } }`,
        {},
        MEMBER,
      );
      const free = await ask(
        `mutation { updateMember(id: "BE:m5", input: { email: "free@example.org" }) { id } }`,
        {},
        MEMBER,
      );
      expect(codes(taken)).to.deep.equal(["FORBIDDEN"]);
      expect(taken.body.errors![0]!.message).to.equal(free.body.errors![0]!.message);
    });
  });

  describe("smaller holes", () => {
    it("refuses a NUL byte in nameContains or in a cursor with BAD_USER_INPUT, calling no unit (was INTERNAL_SERVER_ERROR on all nine)", async () => {
      const name = await ask(`query($n: String) { memberCount(filter: { nameContains: $n }) }`, { n: "Noor\u0000" });
      const cursor = await ask(
        `query($a: String) { members(first: 2, after: $a) { edges { cursor } } }`,
        { a: "eyJldTEiOnt9fQ\u0000" },
        OFFICE,
      );
      for (const reply of [name, cursor]) {
        expect(reply.status).to.equal(400);
        expect(codes(reply)).to.deep.equal(["BAD_USER_INPUT"]);
      }
      expect(unitCalls).to.deep.equal([]);
    });

    it("refuses a token with exp 1e308 (401), one without iat, and one living longer than 24 h", async () => {
      const identity = await testIdentity();
      const now = Math.floor(Date.now() / 1000);
      const standard = { iss: identity.issuer, aud: GRAPH_AUDIENCE, sub: "central-office" };
      for (const claims of [
        { role: "central_office", iat: now, exp: 1e308 },
        { role: "central_office", exp: now + 600 },
        { role: "central_office", iat: now, exp: now + 25 * 3600 },
      ]) {
        const token = await identity.signedByProvider({ ...standard, ...claims });
        const reply = await gateway.query(`{ memberCount }`, {}, { authorization: `Bearer ${token}` });
        expect(reply.status).to.equal(401);
        expect(codes(reply)).to.deep.equal(["UNAUTHENTICATED"]);
      }
      expect(unitCalls).to.deep.equal([]);
    });
  });
});
