import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";
import { type GraphqlReply, type RunningGateway, startGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * Hostile and careless input through the gateway, with the gateway and the nine
 * units in production mode: every request gets its documented code, a status
 * below 500, no stack trace and no SQL; a mutation that fails writes nothing.
 */

const members = testMembers(3);

type Caller = PersonViewer;
const OFFICE: Caller = { role: "central_office" };
const STAFF_BE: Caller = { role: "unit_staff", unit: "BE" };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const REGISTER = `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`;
const registration = (changes: Record<string, unknown>) => ({
  input: {
    country: "BE",
    firstName: "Ana",
    lastName: "Pérez",
    email: "ana.perez@example.net",
    cityId: "BE:capital",
    ...changes,
  },
});
const BOOK = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id } }`;
const booking = (changes: Record<string, unknown>) => ({
  input: { workspaceId: "BE:w1", memberId: "BE:m1", date: day(5), idempotencyKey: "hostile", ...changes },
});

interface Case {
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Default: the central office for reads, BE staff for mutations. */
  as?: Caller;
  /** The `extensions.code` of every error. */
  code: string;
  /** The HTTP status, when it is not 200. */
  status?: number;
  /** Refused by the gateway itself: no unit hears of it. */
  atGateway?: true;
}

const cases: Record<string, Case[]> = {
  "malformed and foreign IDs": [
    {
      label: `member(id: "XX:1"), a unit that does not exist`,
      query: `{ member(id: "XX:1") { id } }`,
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    {
      label: `member(id: "12"), no unit prefix`,
      query: `{ member(id: "12") { id } }`,
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    { label: `member(id: ""), empty`, query: `{ member(id: "") { id } }`, code: "BAD_USER_INPUT", atGateway: true },
    {
      label: `member(id: "be:m1"), lower-case prefix`,
      query: `{ member(id: "be:m1") { id } }`,
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    {
      label: `updateMember(id: "XX:1")`,
      query: `mutation { updateMember(id: "XX:1", input: { phone: "+32 2 000 00 00" }) { id } }`,
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    {
      label: `updateMember(id: "12")`,
      query: `mutation { updateMember(id: "12", input: { phone: "+32 2 000 00 00" }) { id } }`,
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    {
      label: `updateMember(id: "BE:"), a unit prefix naming no one`,
      query: `mutation { updateMember(id: "BE:", input: { phone: "+32 2 000 00 00" }) { id } }`,
      code: "NOT_FOUND",
    },
    { label: `cancelBooking(id: "BE:")`, query: `mutation { cancelBooking(id: "BE:") { id } }`, code: "NOT_FOUND" },
    {
      label: "registerMember in BE with a FR city",
      query: REGISTER,
      variables: registration({ cityId: "FR:capital" }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "registerMember with a city ID of no unit",
      query: REGISTER,
      variables: registration({ cityId: "12" }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "bookWorkspace for a member ID with no unit's prefix",
      query: BOOK,
      variables: booking({ memberId: "xx:1" }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "bookWorkspace for a member ID without a prefix",
      query: BOOK,
      variables: booking({ memberId: "12" }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "bookWorkspace in a workspace ID of no unit",
      query: BOOK,
      variables: booking({ workspaceId: "XX:w1" }),
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    {
      label: "bookWorkspace in a BE workspace that does not exist",
      query: BOOK,
      variables: booking({ workspaceId: "BE:w999" }),
      code: "NOT_FOUND",
    },
    {
      label: "members(country: BE) filtered by a FR city",
      query: `{ members(country: BE, filter: { cityId: "FR:capital" }) { edges { cursor } } }`,
      code: "BAD_USER_INPUT",
    },
    {
      label: "a forged cursor",
      query: `{ members(country: BE, after: "bm90IGEgY3Vyc29y") { edges { cursor } } }`,
      code: "BAD_USER_INPUT",
    },
  ],
  "page sizes": [
    { label: "first: -1", query: `{ members(country: BE, first: -1) { edges { cursor } } }`, code: "BAD_USER_INPUT" },
    { label: "first: 0", query: `{ workspaces(first: 0) { edges { cursor } } }`, code: "BAD_USER_INPUT" },
    { label: "first: 101", query: `{ members(first: 101) { edges { cursor } } }`, code: "BAD_USER_INPUT" },
    {
      label: "first: 2147483647",
      query: `{ members(first: 2147483647) { edges { cursor } } }`,
      code: "BAD_USER_INPUT",
    },
    {
      label: "first: 2147483648 (not an Int)",
      query: `{ members(first: 2147483648) { edges { cursor } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "first: 1e12 as a variable",
      query: `query($n: Int) { members(first: $n) { edges { cursor } } }`,
      variables: { n: 1e12 },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "first: 2.5 as a variable",
      query: `query($n: Int) { members(first: $n) { edges { cursor } } }`,
      variables: { n: 2.5 },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
  ],
  "invalid dates": [
    {
      label: "an impossible date literal in a filter (2024-02-30)",
      query: `{ memberCount(filter: { joinedFrom: "2024-02-30" }) }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "a date literal that is not one (tomorrow)",
      query: `{ workspace(id: "BE:w1") { availability(date: "tomorrow") { available } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "a date literal that is a number",
      query: `{ bookings(from: 20240101, to: 20240102) { id } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "an impossible date variable (2030-02-29)",
      query: `query($d: Date) { memberCount(filter: { joinedTo: $d }) }`,
      variables: { d: "2030-02-29" },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "a date variable with a time (2030-01-01T00:00:00Z)",
      query: `query($d: Date!) { workspace(id: "BE:w1") { availability(date: $d) { available } } }`,
      variables: { d: "2030-01-01T00:00:00Z" },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "bookWorkspace on an impossible date",
      query: BOOK,
      variables: booking({ date: "2031-02-30" }),
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "bookWorkspace on a day in the past",
      query: BOOK,
      variables: booking({ date: "2020-01-01" }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "bookWorkspace beyond the 90-day horizon",
      query: BOOK,
      variables: booking({ date: day(400) }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "registerMember joined in the future",
      query: REGISTER,
      variables: registration({ joinedOn: day(30) }),
      code: "BAD_USER_INPUT",
    },
    {
      label: "a date range upside down",
      query: `{ memberCount(filter: { joinedFrom: "2024-01-01", joinedTo: "2023-01-01" }) }`,
      code: "BAD_USER_INPUT",
    },
  ],
  "invalid enums": [
    {
      label: "orderBy: SIDEWAYS (literal)",
      query: `{ members(orderBy: SIDEWAYS) { edges { cursor } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "country: XX (literal of no unit in the directory)",
      query: `{ memberCount(country: XX) }`,
      code: "BAD_USER_INPUT",
      atGateway: true,
    },
    {
      label: `country: "be" (not a unit's code)`,
      query: `{ memberCount(country: "be") }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "orderBy variable SIDEWAYS",
      query: `query($o: MemberOrder) { members(orderBy: $o) { edges { cursor } } }`,
      variables: { o: "SIDEWAYS" },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "country variable be (lower case)",
      query: `query($c: CountryCode) { memberCount(country: $c) }`,
      variables: { c: "be" },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "registerMember with category Z",
      query: REGISTER,
      variables: registration({ category: "Z" }),
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
  ],
  "wrong variable types": [
    {
      label: `an Int given "ten"`,
      query: `query($n: Int) { members(first: $n) { edges { cursor } } }`,
      variables: { n: "ten" },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "an ID! given an object",
      query: `query($id: ID!) { member(id: $id) { id } }`,
      variables: { id: { $ne: null } },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "a required variable left out",
      query: `query($id: ID!) { member(id: $id) { id } }`,
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "an Int variable given a word",
      query: `query($first: Int) { members(country: BE, first: $first) { edges { node { id } } } }`,
      variables: { first: "ten" },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "a required variable given null",
      query: `query($id: ID!) { member(id: $id) { id } }`,
      variables: { id: null },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: `shares: "many"`,
      query: REGISTER,
      variables: registration({ shares: "many" }),
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "an input given a list",
      query: REGISTER,
      variables: { input: [registration({}).input] },
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "a variable declared with a type that does not fit the argument",
      query: `query($n: String) { members(first: $n) { edges { cursor } } }`,
      variables: { n: "3" },
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
  ],
  "unknown fields, arguments and types": [
    {
      label: "an unknown field (password)",
      query: `{ members { edges { node { password } } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "an unknown argument",
      query: `{ members(role: ADMIN) { edges { cursor } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "an unknown input field in a literal",
      query: `mutation { updateMember(id: "BE:m1", input: { isAdmin: true }) { id } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "an unknown input field in a variable",
      query: REGISTER,
      variables: registration({ isAdmin: true }),
      code: "BAD_USER_INPUT",
      status: 400,
      atGateway: true,
    },
    {
      label: "the subgraphs' _entities, which the European graph does not expose",
      query: `{ _entities(representations: [{ __typename: "Member", id: "BE:m1" }]) { ... on Member { email } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "the subgraphs' _service",
      query: `{ _service { sdl } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "a fragment on an unknown type",
      query: `{ member(id: "BE:m1") { ... on Admin { id } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "a fragment cycle",
      query: `{ member(id: "BE:m1") { ...A } } fragment A on Member { city { country { ...B } } } fragment B on Country { code ...C } fragment C on Country { ...B }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "a syntax error",
      query: `{ members(first: 3 { edges } }`,
      code: "GRAPHQL_PARSE_FAILED",
      status: 400,
      atGateway: true,
    },
    {
      label: "a subscription",
      query: `subscription { members { edges { cursor } } }`,
      code: "GRAPHQL_VALIDATION_FAILED",
      status: 400,
      atGateway: true,
    },
  ],
  "queries built to be expensive": [
    {
      label: "deeper than 12",
      query: `{ cities { ${"workspaces { city { ".repeat(6)} name ${"} } ".repeat(6)} } }`,
      code: "QUERY_TOO_COMPLEX",
      status: 400,
      atGateway: true,
    },
    {
      label: "deeper than 12 through fragments",
      query: `{ cities { ...W } } fragment W on City { workspaces { city { workspaces { city { workspaces { city { workspaces { city { workspaces { city { workspaces { city { name } } } } } } } } } } } } }`,
      code: "QUERY_TOO_COMPLEX",
      status: 400,
      atGateway: true,
    },
    {
      label: "costlier than the limit (100 members x 100 workspaces)",
      query: `{ members(first: 100) { edges { node { activeIn { workspaces(first: 100) { edges { node { name capacity } } } } } } } }`,
      code: "QUERY_TOO_COMPLEX",
      status: 400,
      atGateway: true,
    },
    {
      label: "costlier than the limit through a variable first",
      query: `query($n: Int) { members(first: $n) { edges { node { activeIn { workspaces(first: $n) { edges { node { name } } } } } } } }`,
      variables: { n: 100 },
      code: "QUERY_TOO_COMPLEX",
      status: 400,
      atGateway: true,
    },
    {
      label: "more than 30 aliases",
      query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: memberCount`).join(" ")} }`,
      code: "QUERY_TOO_COMPLEX",
      status: 400,
      atGateway: true,
    },
    {
      label: "more than 2,000 tokens",
      query: `{ ${"memberCount ".repeat(2100)} }`,
      code: "GRAPHQL_PARSE_FAILED",
      status: 400,
      atGateway: true,
    },
  ],
};

describe("gateway > hostile input (production mode, nine real units on Postgres)", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let unitCalls: string[] = [];
  const headersOf = async (caller: Caller) => ({ authorization: `Bearer ${await tokenFor(caller)}` });

  /** Every unit's rows of every table the mutations touch. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        FOUNDING_UNITS.map(async (unit) => {
          const db = units.dataSources[unit];
          return [
            await db.query(`SELECT * FROM member ORDER BY id`),
            await db.query(`SELECT * FROM booking ORDER BY id`),
            await db.query(`SELECT * FROM city ORDER BY id`),
          ];
        }),
      ),
    );

  /** What every answer must hold, whatever was asked. */
  function expectSafe(status: number, body: unknown) {
    const text = JSON.stringify(body);
    expect(status, text).to.be.below(500);
    expect(text).to.not.match(/stacktrace|\bat .+\(.+:\d+:\d+\)|node_modules|\/src\/|\.ts:\d+/);
    expect(text).to.not.match(
      /\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET|WHERE)\b|QueryFailedError|violates|relation "/,
    );
  }

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), members, { production: true });
    gateway = await startGateway(units.urls, {
      production: true,
      // Nothing here tests a timeout: a generous deadline keeps a loaded machine (the 16-connection
      // query took ~5 s at load 16 on two shared cores) from turning answers into SHARD_UNAVAILABLE.
      deadlineMs: 15_000,
      willSendUnitRequest: ({ unit }) => void unitCalls.push(unit),
    });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => (unitCalls = []));

  for (const [group, list] of Object.entries(cases)) {
    describe(group, () => {
      for (const c of list) {
        it(`${c.label}: ${c.code}${c.status ? `, HTTP ${c.status}` : ""}${c.atGateway ? ", no unit asked" : ""}`, async () => {
          const mutation = c.query.trimStart().startsWith("mutation");
          const before = mutation ? await snapshot() : "";
          const reply = await gateway.query(
            c.query,
            c.variables,
            await headersOf(c.as ?? (mutation ? STAFF_BE : OFFICE)),
          );
          const summary = JSON.stringify(reply.body.errors);
          expectSafe(reply.status, reply.body);
          expect(reply.status, summary).to.equal(c.status ?? 200);
          expect(reply.body.errors, summary).to.not.be.empty;
          expect([...new Set(reply.body.errors!.map((e) => e.extensions?.code))], summary).to.deep.equal([c.code]);
          if (c.atGateway) expect(unitCalls, "units asked").to.deep.equal([]);
          if (mutation)
            expect(await snapshot(), "a failed mutation leaves every unit's database as it was").to.equal(before);
        });
      }
    });
  }

  describe("a query priced at the limit", () => {
    // members(first: 100) costs 1 + 100 × (edges 1 + node (1 + its fields)); 18 fields here, the rest aliases (30 at most).
    const FIELDS =
      "id displayName firstName lastName email phone category status shares joinedOn city { id name memberCount } country { code } activeIn { code }";
    const pricedAt = (aliases: number) =>
      `{ members(first: 100) { edges { node { ${FIELDS} ${Array.from({ length: aliases }, (_, i) => `a${i}: displayName`).join(" ")} } } } }`;

    it("is answered by every unit when the gateway lets it through (cost 4,901): the router's own additions are not charged again", async () => {
      const reply = await gateway.query(pricedAt(29), {}, await headersOf(OFFICE));
      expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
      expect(reply.body.data.members.edges).to.have.length(FOUNDING_UNITS.length * 3);
      expect([...unitCalls].sort()).to.deep.equal([...FOUNDING_UNITS]);
    });

    it("is refused before any unit is called one field later (cost 5,001)", async () => {
      const reply = await gateway.query(pricedAt(30), {}, await headersOf(OFFICE));
      expect(reply.status).to.equal(400);
      expect(reply.body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
        [
          "QUERY_TOO_COMPLEX",
          "Query costs about 5001; the limit is 5000. Ask for smaller pages (first) or fewer nested lists.",
        ],
      ]);
      expect(unitCalls).to.deep.equal([]);
    });
  });

  describe("a query that grows past the units' token limit once routed", () => {
    const WORKSPACE = `id name address operator partnerName capacity rooms status openedOn city { id name memberCount country { code } } availability(date: "2030-01-01") { date capacity booked available }`;
    const connections = (count: number) =>
      `{ ${Array.from({ length: count }, (_, i) => `w${i}: workspaces(first: 1) { edges { cursor node { ${WORKSPACE} } } pageInfo { hasNextPage endCursor } }`).join(" ")} }`;

    it("is answered when it still fits (16 connections)", async () => {
      const reply = await gateway.query(connections(16), {}, await headersOf(OFFICE));
      expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
      expect(Object.keys(reply.body.data)).to.have.length(16);
    });

    it("is refused with QUERY_TOO_COMPLEX before any unit is called, not reported as nine units unavailable (26 connections, ~1,400 tokens here)", async () => {
      const reply = await gateway.query(connections(26), {}, await headersOf(OFFICE));
      expectSafe(reply.status, reply.body);
      expect(
        [...new Set(reply.body.errors?.map((e) => e.extensions?.code))],
        JSON.stringify(reply.body.errors),
      ).to.deep.equal(["QUERY_TOO_COMPLEX"]);
      expect(reply.body.errors?.[0]?.message).to.match(/more than 2000 tokens/);
      expect(unitCalls).to.deep.equal([]);
    });
  });

  describe("IDs that name a unit but no one", () => {
    it(`member(id: "BE:") and booking(id: "FR:") find nothing: null, asked of that unit alone`, async () => {
      const reply = await gateway.query(
        `{ member(id: "BE:") { id } booking(id: "FR:") { id } }`,
        {},
        await headersOf(OFFICE),
      );
      expectSafe(reply.status, reply.body);
      // A booking the caller cannot find is NOT_FOUND, whether it is missing or hidden from them.
      expect(reply.body.data).to.deep.equal({ member: null, booking: null });
      expect(reply.body.errors?.map((e) => [e.extensions?.code, e.path])).to.deep.equal([["NOT_FOUND", ["booking"]]]);
      expect([...unitCalls].sort()).to.deep.equal(["BE", "FR"]);
    });
  });

  describe("SQL-looking strings", () => {
    const sqlish = ["'; DROP TABLE member; --", `" OR 1=1 --`, "%' OR '1'='1", "\\'; TRUNCATE booking; --", "_%_%_"];
    for (const text of sqlish) {
      it(`takes ${JSON.stringify(text)} in a Europe-wide filter as plain text: no member matches, nothing changes`, async () => {
        const before = await snapshot();
        const reply = await gateway.query(
          `query($q: String) { memberCount(filter: { nameContains: $q }) members(filter: { nameContains: $q }) { edges { cursor } } }`,
          { q: text },
          await headersOf(OFFICE),
        );
        expectSafe(reply.status, reply.body);
        expect(reply.body).to.deep.equal({ data: { memberCount: 0, members: { edges: [] } } });
        expect(await snapshot()).to.equal(before);
      });
    }

    it("takes an SQL-looking ID as an ID of the unit it names, which has no such member", async () => {
      const reply = await gateway.query(
        `query($id: ID!) { member(id: $id) { id } }`,
        { id: "BE:m1' OR '1'='1" },
        await headersOf(OFFICE),
      );
      expectSafe(reply.status, reply.body);
      expect(reply.body).to.deep.equal({ data: { member: null } });
    });

    it("refuses an SQL-looking name in registerMember and writes nothing", async () => {
      const before = await snapshot();
      const reply = await gateway.query(
        REGISTER,
        registration({ lastName: "Pérez'); DROP TABLE member; --" }),
        await headersOf(STAFF_BE),
      );
      expectSafe(reply.status, reply.body);
      expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argumentName])).to.deep.equal([
        ["BAD_USER_INPUT", "lastName"],
      ]);
      expect(await snapshot()).to.equal(before);
    });
  });

  describe("long strings and large bodies", () => {
    it("answers a 1 MB string in a filter with 413 and a JSON error, never HTML, before any unit is asked", async () => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(await headersOf(OFFICE)) },
        body: JSON.stringify({
          query: `query($q: String) { memberCount(filter: { nameContains: $q }) }`,
          variables: { q: "x".repeat(1_000_000) },
        }),
      });
      expect(response.status).to.equal(413);
      expect(response.headers.get("content-type")).to.match(/^application\/json/);
      const body = await response.json();
      expectSafe(response.status, body);
      expect(body).to.deep.equal({
        errors: [{ message: "Request body is too large.", extensions: { code: "BAD_REQUEST" } }],
      });
      expect(unitCalls).to.deep.equal([]);
    });

    it("refuses a 5,000-character filter once (all nine units agree), not as nine failures", async () => {
      const reply = await gateway.query(
        `query($q: String) { memberCount(filter: { nameContains: $q }) }`,
        { q: "é".repeat(5000) },
        await headersOf(OFFICE),
      );
      expectSafe(reply.status, reply.body);
      expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit])).to.deep.equal([
        ["BAD_USER_INPUT", undefined],
      ]);
    });

    it("answers a body that is not JSON with 400 and a JSON error", async () => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"query": "{ memberCount }"`,
      });
      expect(response.status).to.equal(400);
      expect(response.headers.get("content-type")).to.match(/^application\/json/);
      const body = (await response.json()) as GraphqlReply["body"];
      expectSafe(response.status, body);
      expect(body.errors?.[0]?.extensions?.code).to.equal("BAD_REQUEST");
    });

    it("refuses a batch (an array of operations) with 400, asking no unit", async () => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(Array.from({ length: 50 }, () => ({ query: "{ memberCount }" }))),
      });
      expect(response.status).to.equal(400);
      expectSafe(response.status, await response.text());
      expect(unitCalls).to.deep.equal([]);
    });

    it("refuses variables that are not an object with 400", async () => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "query($n: Int) { memberCount }", variables: "n=1" }),
      });
      expect(response.status).to.equal(400);
      expectSafe(response.status, await response.text());
    });

    it("keeps CSRF prevention on: a simple GET or a text/plain POST is refused", async () => {
      const get = await fetch(`${gateway.url}?query=${encodeURIComponent("{ memberCount }")}`);
      expect(get.status).to.equal(400);
      const post = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({ query: "{ memberCount }" }),
      });
      expect(post.status).to.be.within(400, 499);
      expect(unitCalls).to.deep.equal([]);
    });
  });

  describe("names with control characters, emoji and other tricks (registerMember)", () => {
    const names: [string, string][] = [
      ["a NUL byte", "Ana\u0000"],
      ["a newline", "Ana\nBob"],
      ["a tab", "Ana\tBob"],
      ["an escape sequence", "Ana\u001b[31m"],
      ["an emoji", "Ana 🎨"],
      ["only an emoji", "🎨"],
      ["a right-to-left override", "Ana\u202Egnp.exe"],
      ["a zero-width space", "An\u200Ba"],
      ["HTML", "<script>alert(1)</script>"],
      ["only spaces", "   "],
      ["101 letters", "A".repeat(101)],
    ];
    // Control characters (NUL, C0 but tab and line breaks) are refused by the gateway for any string input, before any unit.
    const refusedByGateway = new Set(["a NUL byte", "an escape sequence"]);
    for (const [label, name] of names) {
      it(`refuses a first name with ${label} with BAD_USER_INPUT (firstName) and writes nothing`, async () => {
        const before = await snapshot();
        const reply = await gateway.query(REGISTER, registration({ firstName: name }), await headersOf(STAFF_BE));
        expectSafe(reply.status, reply.body);
        const unit = refusedByGateway.has(label) ? undefined : "BE";
        expect(
          reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argumentName, e.extensions?.unit]),
        ).to.deep.equal([["BAD_USER_INPUT", "firstName", unit]]);
        if (!unit) expect(unitCalls).to.deep.equal([]);
        expect(reply.body.data ?? null).to.equal(null);
        expect(await snapshot()).to.equal(before);
      });
    }

    it("refuses an email or a phone with control characters, and writes nothing", async () => {
      const before = await snapshot();
      for (const [changes, field] of [
        [{ email: "ana@example.net\r\nBcc: all@example.net" }, "email"],
        [{ phone: "+32 2\u0000 000" }, "phone"],
        [{ phone: "📞 0470" }, "phone"],
      ] as const) {
        const reply = await gateway.query(REGISTER, registration(changes), await headersOf(STAFF_BE));
        expectSafe(reply.status, reply.body);
        expect(reply.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argumentName])).to.deep.equal([
          ["BAD_USER_INPUT", field],
        ]);
      }
      const update = await gateway.query(
        `mutation($p: String) { updateMember(id: "BE:m2", input: { phone: $p }) { id } }`,
        { p: "+32\u0007" },
        await headersOf(STAFF_BE),
      );
      expect(update.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
      expect(await snapshot()).to.equal(before);
    });

    it("takes names of other scripts and accents as they are (the refusals above are not about letters)", async () => {
      const reply = await gateway.query(
        REGISTER,
        registration({ firstName: "Zoë-Łucja", lastName: "O’Brien Ødegaard", email: "zoe@example.net" }),
        await headersOf(STAFF_BE),
      );
      expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
      const id: string = reply.body.data.registerMember.id;
      const read: GraphqlReply = await gateway.query(
        `query($id: ID!) { member(id: $id) { displayName } }`,
        { id },
        await headersOf(STAFF_BE),
      );
      expect(read.body.data.member.displayName).to.equal("Zoë-Łucja O’Brien Ødegaard");
    });
  });
});
