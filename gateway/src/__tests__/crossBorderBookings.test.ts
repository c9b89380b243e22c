import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { errorSummary, startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";

const DEADLINE_MS = 1000;
const members = testMembers(3);
const belgian = members.BE[0]!; // BE:m1, of "BE Capital"

const BOOK = `mutation($input: BookWorkspaceInput!) {
  bookWorkspace(input: $input) { id memberId date status workspace { id } member { id displayName city { name } } }
}`;
const BOOKING = `query($id: ID!) { booking(id: $id) { id memberId member { id displayName city { name } } } }`;
const MEMBER_BOOKINGS = `query($id: ID!, $from: Date, $to: Date) {
  member(id: $id) { id bookings(from: $from, to: $to) { id date status workspace { id name city { name } } } }
}`;

/** A day safely inside every unit's booking window (today to 90 days ahead, in the unit's time zone). */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("gateway > cross-border bookings (nine real units on Postgres, the references subgraph in process)", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let unitCalls: { unit: string; operationName: string | undefined }[] = [];
  const bookings: Partial<Record<FoundingUnit, string>> = {}; // BE:m1's booking in each unit's w1
  let nonce = 0;

  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const asBelgian = () => as({ role: "member", unit: "BE", sub: belgian.id });
  const ok = (reply: GraphqlReply) => {
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    return reply.body.data;
  };
  const book = async (workspaceId: string, date: string) =>
    gateway.query(
      BOOK,
      { input: { workspaceId, memberId: belgian.id, date, idempotencyKey: `cross-border-${++nonce}` } },
      await asBelgian(),
    );

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), members);
    gateway = await startGateway(units.urls, {
      deadlineMs: DEADLINE_MS,
      willSendUnitRequest: ({ unit, fetch }) =>
        void unitCalls.push({ unit, operationName: fetch.request.operationName }),
    });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => (unitCalls = []));
  afterEach(() => {
    for (const unit of FOUNDING_UNITS) units.slowDown(unit, 0);
  });

  it("lets a BE member book a desk in a FR workspace: FR stores it with the member's ID, the member resolves from BE", async () => {
    const reply = await book("FR:w1", day(5));
    const booking = ok(reply).bookWorkspace;
    expect(booking.id).to.match(/^FR:b\d+$/);
    expect(booking).to.deep.include({
      memberId: belgian.id,
      date: day(5),
      status: "CONFIRMED",
      workspace: { id: "FR:w1" },
    });
    expect(booking.member).to.deep.equal({
      id: belgian.id,
      displayName: `${belgian.firstName} ${belgian.lastName}`,
      city: { name: "BE Capital" },
    });
    // BE first said the member is current; routed by input.workspaceId, FR alone booked; BE answered the member.
    expect(unitCalls.filter((c) => c.operationName !== "MemberBookings").map((c) => c.unit)).to.deep.equal([
      "BE",
      "FR",
      "BE",
    ]);
    bookings.FR = booking.id;

    // The FR unit asked directly (by its staff: a member's token names the gateway only) knows the member's ID only: resolving it is the gateway's part.
    const direct = await fetch(units.urls.FR, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await as({ role: "unit_staff", unit: "FR" })) },
      body: JSON.stringify({ query: BOOKING, variables: { id: booking.id } }),
    });
    expect(((await direct.json()) as GraphqlReply["body"]).data?.booking).to.deep.include({
      memberId: belgian.id,
      member: null,
    });
  });

  it("resolves booking(id) { member { displayName city { name } } } from the member's unit, for the member and for FR staff", async () => {
    for (const headers of [await asBelgian(), await as({ role: "unit_staff", unit: "FR" })]) {
      const reply = await gateway.query(BOOKING, { id: bookings.FR }, headers);
      expect(ok(reply).booking).to.deep.equal({
        id: bookings.FR,
        memberId: belgian.id,
        member: {
          id: belgian.id,
          displayName: `${belgian.firstName} ${belgian.lastName}`,
          city: { name: "BE Capital" },
        },
      });
    }
  });

  it("lists the member's bookings in every unit under member(id) { bookings }, by date, each workspace from its unit", async () => {
    bookings.BE = ok(await book("BE:w1", day(6))).bookWorkspace.id;
    bookings.DE = ok(await book("DE:w1", day(7))).bookWorkspace.id;
    unitCalls = [];
    const reply = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id }, await asBelgian());
    const member = ok(reply).member;
    expect(member.bookings).to.deep.equal([
      {
        id: bookings.FR,
        date: day(5),
        status: "CONFIRMED",
        workspace: { id: "FR:w1", name: "FR Atelier", city: { name: "FR Capital" } },
      },
      {
        id: bookings.BE,
        date: day(6),
        status: "CONFIRMED",
        workspace: { id: "BE:w1", name: "BE Atelier", city: { name: "BE Capital" } },
      },
      {
        id: bookings.DE,
        date: day(7),
        status: "CONFIRMED",
        workspace: { id: "DE:w1", name: "DE Atelier", city: { name: "DE Capital" } },
      },
    ]);
    // One fan-out to the nine units, with the caller's token (each unit shows a member their own bookings only).
    expect(
      unitCalls
        .filter((c) => c.operationName === "MemberBookings")
        .map((c) => c.unit)
        .sort(),
    ).to.deep.equal([...FOUNDING_UNITS]);
  });

  it("narrows member(id) { bookings(from, to) } by date in every unit", async () => {
    const reply = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id, from: day(6), to: day(7) }, await asBelgian());
    expect(ok(reply).member.bookings.map((b: { id: string }) => b.id)).to.deep.equal([bookings.BE, bookings.DE]);
  });

  it("merges the Europe-wide root bookings(member:) of every unit in country order, members resolved from their unit", async () => {
    const reply = await gateway.query(
      `query($member: ID!) { bookings(member: $member) { id workspace { id } member { id displayName } } }`,
      { member: belgian.id },
      await asBelgian(),
    );
    const list = ok(reply).bookings;
    expect(list.map((b: { id: string }) => b.id)).to.deep.equal([bookings.BE, bookings.DE, bookings.FR]);
    expect(list.every((b: { member: { id: string } }) => b.member.id === belgian.id)).to.equal(true);
  });

  it("asks every unit once for the bookings of all the members of a page", async () => {
    const reply = await gateway.query(
      `{ members(country: BE, first: 3) { edges { node { id bookings { id } } } } }`,
      {},
      await as({ role: "central_office" }),
    );
    const nodes = ok(reply).members.edges.map((e: { node: { id: string; bookings: { id: string }[] } }) => e.node);
    expect(nodes).to.have.length(3);
    for (const node of nodes)
      expect(node.bookings.map((b: { id: string }) => b.id)).to.deep.equal(
        node.id === belgian.id ? [bookings.FR, bookings.BE, bookings.DE] : [],
      );
    expect(
      unitCalls
        .filter((c) => c.operationName === "MemberBookings")
        .map((c) => c.unit)
        .sort(),
    ).to.deep.equal([...FOUNDING_UNITS]);
  });

  it("shows member(id) { bookings } to the member, staff of the member's unit and the central office only (OWNER)", async () => {
    for (const viewer of [{ role: "unit_staff", unit: "BE" }, { role: "central_office" }] as const) {
      const reply = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id }, await as(viewer));
      expect(ok(reply).member.bookings).to.have.length(3);
    }
    for (const viewer of [
      { role: "member", unit: "BE", sub: members.BE[1]!.id },
      { role: "unit_staff", unit: "FR" },
    ] as const) {
      unitCalls = [];
      const reply = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id }, await as(viewer));
      expect(reply.body.data?.member).to.deep.equal({ id: belgian.id, bookings: null });
      expect(errorSummary(reply)).to.deep.equal([{ code: "FORBIDDEN", path: ["member", "bookings"] }]);
      expect(unitCalls.filter((c) => c.operationName === "MemberBookings")).to.deep.equal([]);
    }
  });

  it("passes on the units' shared verdict on the caller's arguments once, without calling it a unit's failure", async () => {
    const reply = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id, from: day(7), to: day(5) }, await asBelgian());
    expect(reply.body.data?.member).to.deep.equal({ id: belgian.id, bookings: null });
    expect(errorSummary(reply)).to.deep.equal([{ code: "BAD_USER_INPUT", path: ["member", "bookings"] }]);
  });

  it("answers without a unit past its deadline, naming it: its bookings left out, or its member null", async () => {
    units.slowDown("FR", DEADLINE_MS + 500);
    const listed = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id }, await asBelgian());
    expect(listed.body.data?.member.bookings.map((b: { id: string }) => b.id)).to.deep.equal([
      bookings.BE,
      bookings.DE,
    ]);
    expect(errorSummary(listed)).to.deep.equal([
      { code: "SHARD_UNAVAILABLE", unit: "FR", path: ["member", "bookings"] },
    ]);

    units.slowDown("FR", 0);
    units.slowDown("BE", DEADLINE_MS + 500);
    const booked = await gateway.query(BOOKING, { id: bookings.FR }, await asBelgian());
    expect(booked.body.data?.booking).to.deep.equal({ id: bookings.FR, memberId: belgian.id, member: null });
    expect(errorSummary(booked)).to.deep.equal([
      { code: "SHARD_UNAVAILABLE", unit: "BE", path: ["booking", "member"] },
    ]);
  });

  it("cancels the Paris booking through the gateway, and the member's list says so", async () => {
    const reply = await gateway.query(
      `mutation($id: ID!) { cancelBooking(id: $id) { id status member { id } } }`,
      { id: bookings.FR },
      await asBelgian(),
    );
    expect(ok(reply).cancelBooking).to.deep.equal({ id: bookings.FR, status: "CANCELLED", member: { id: belgian.id } });
    const listed = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id }, await asBelgian());
    expect(ok(listed).member.bookings.map((b: { id: string; status: string }) => [b.id, b.status])).to.deep.equal([
      [bookings.FR, "CANCELLED"],
      [bookings.BE, "CONFIRMED"],
      [bookings.DE, "CONFIRMED"],
    ]);
  });

  it("answers without a unit that is down, naming it", async () => {
    await units.stop("DE");
    const reply = await gateway.query(MEMBER_BOOKINGS, { id: belgian.id }, await asBelgian());
    expect(reply.body.data?.member.bookings.map((b: { id: string }) => b.id)).to.deep.equal([bookings.FR, bookings.BE]);
    expect(errorSummary(reply)).to.deep.equal([
      { code: "SHARD_UNAVAILABLE", unit: "DE", path: ["member", "bookings"] },
    ]);
    expect(reply.body.errors?.[0]?.extensions?.reason).to.equal("UNREACHABLE");
  });
});
