import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import type { Viewer } from "@smart/platform";
import { addDays, unitToday } from "../bookings/calendar.js";
import { placeNameKey, WorkspaceEntity } from "../entity/index.js";
import { insertFixture, startUnit, type GraphqlResponse, type RunningUnit } from "./unitFixture.js";

type Caller = Exclude<Viewer, { role: "anonymous" }> | undefined;

const member = (id: string): Caller => ({ role: "member", unit: id.slice(0, 2), sub: id });
const staff = (unit: "FR" | "BE" | "DE"): Caller => ({ role: "unit_staff", unit });
const codeOf = (response: GraphqlResponse) => response.body.errors?.[0]?.extensions?.code ?? "ok";

describe("national > bookings > reads and access", () => {
  let unit: RunningUnit;
  const today = unitToday("FR");
  const day = (offset: number) => addDays(today, offset);
  /** Booking IDs by name, as the unit issued them. */
  const ids: Record<string, string> = {};

  const book = async (name: string, memberId: string, workspaceId: string, date: string) => {
    const { body } = await unit.query(
      `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id } }`,
      { input: { workspaceId, memberId, date, idempotencyKey: name } },
      member(memberId),
    );
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    ids[name] = body.data.bookWorkspace.id;
  };
  const bookingIds = (response: GraphqlResponse, path: (data: any) => { id: string }[]) =>
    path(response.body.data).map(({ id }) => Object.keys(ids).find((name) => ids[name] === id) ?? id);

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "FR");
    await insertFixture(unit.dataSource, "FR", 10); // FR:w1, capacity 10
    const workspaces = unit.dataSource.getRepository(WorkspaceEntity);
    for (const [id, status] of [
      ["FR:w2", "OPEN"],
      ["FR:w3", "CLOSED"],
      ["FR:w4", "OPEN"],
    ] as const) {
      await workspaces.save({
        id,
        name: `Z ${id}`,
        nameKey: placeNameKey(`Z ${id}`),
        cityId: "FR:harbour",
        address: "3 Quay",
        operator: "UNIT",
        partnerName: null,
        capacity: 4,
        rooms: 0,
        status,
        openedOn: null,
      });
    }
    await book("fr1-w1", "FR:m1", "FR:w1", day(2));
    await book("be3-w1", "BE:m3", "FR:w1", day(2));
    await book("fr2-w2", "FR:m2", "FR:w2", day(3));
    await book("fr1-w2-later", "FR:m1", "FR:w2", day(70));
    await book("fr2-cancelled", "FR:m2", "FR:w1", day(4));
    await unit.query(
      `mutation($id: ID!) { cancelBooking(id: $id) { id } }`,
      { id: ids["fr2-cancelled"] },
      member("FR:m2"),
    );
  });
  after(() => unit?.stop());

  describe("availability (public)", () => {
    it("counts confirmed bookings only, for anyone signed in or not", async () => {
      const { body } = await unit.query(
        `query($d: Date!, $c: Date!) {
        workspace(id: "FR:w1") { capacity a: availability(date: $d) { date capacity booked available } c: availability(date: $c) { booked available } }
      }`,
        { d: day(2), c: day(4) },
      );
      expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
      expect(body.data.workspace).to.deep.equal({
        capacity: 10,
        a: { date: day(2), capacity: 10, booked: 2, available: 8 },
        c: { booked: 0, available: 10 },
      });
    });

    it("gives every day of a range, up to 62", async () => {
      const { body } = await unit.query(
        `query($from: Date!, $to: Date!) { workspace(id: "FR:w2") { availabilityRange(from: $from, to: $to) { date booked available } } }`,
        { from: day(0), to: day(61) },
      );
      expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
      const range = body.data.workspace.availabilityRange as { date: string; booked: number; available: number }[];
      expect(range).to.have.length(62);
      expect(range[0]!.date).to.equal(day(0));
      expect(range[61]!.date).to.equal(day(61));
      expect(range[3]).to.deep.equal({ date: day(3), booked: 1, available: 3 });
      expect(range.filter((each) => each.booked > 0)).to.have.length(1);
    });

    it("has no desk left in a closed workspace", async () => {
      const { body } = await unit.query(
        `query($d: Date!) { workspace(id: "FR:w3") { availability(date: $d) { capacity available } } }`,
        { d: day(1) },
      );
      expect(body.data.workspace.availability).to.deep.equal({ capacity: 4, available: 0 });
    });

    for (const [label, from, to, message] of [
      ["63 days", 0, 62, /spans 63 days; ask for at most 62/],
      ["a range that ends before it starts", 5, 4, /is after/],
    ] as const) {
      it(`refuses ${label} with BAD_USER_INPUT`, async () => {
        const response = await unit.query(
          `query($from: Date!, $to: Date!) { workspace(id: "FR:w1") { availabilityRange(from: $from, to: $to) { date } } }`,
          {
            from: day(from),
            to: day(to),
          },
        );
        expect(codeOf(response)).to.equal("BAD_USER_INPUT");
        expect(response.body.errors![0]!.message).to.match(message);
      });
    }

    it("reads availability and bookings of many workspaces in as many statements as of one", async () => {
      const query = `query($first: Int!, $d: Date!, $from: Date!, $to: Date!) {
        workspaces(first: $first) { edges { node { id
          availability(date: $d) { available }
          availabilityRange(from: $from, to: $to) { available }
          bookings(from: $from, to: $to) { id member { displayName } workspace { name } }
        } } }
      }`;
      const statements = async (first: number) => {
        const before = unit.sqlCount();
        const { body } = await unit.query(query, { first, d: day(2), from: day(0), to: day(10) }, staff("FR"));
        expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
        expect(body.data.workspaces.edges).to.have.length(first);
        return unit.sqlCount() - before;
      };
      expect(await statements(4)).to.equal(await statements(1));
    });
  });

  describe("who sees a booking", () => {
    // A booking the caller may not see is NOT_FOUND, as a missing one; as a reference it resolves to null, as a missing one.
    const outcomes: [string, Caller, string, string][] = [
      ["anyone signed out", undefined, "UNAUTHENTICATED", "UNAUTHENTICATED"],
      ["the member booked (of BE)", member("BE:m3"), "ok", "ok"],
      ["another member", member("FR:m1"), "NOT_FOUND", "null"],
      ["staff of the workspace's unit", staff("FR"), "ok", "ok"],
      ["staff of the member's unit", staff("BE"), "ok", "ok"],
      ["staff of a third unit", staff("DE"), "NOT_FOUND", "null"],
      ["the central office", { role: "central_office" }, "ok", "ok"],
    ];
    for (const [who, caller, outcome, asReference] of outcomes) {
      it(`booking(id) for ${who}: ${outcome}`, async () => {
        const response = await unit.query(
          `query($id: ID!) { booking(id: $id) { id memberId date status workspace { id } } }`,
          { id: ids["be3-w1"] },
          caller,
        );
        expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal(outcome);
        if (outcome === "ok")
          expect(response.body.data.booking).to.deep.equal({
            id: ids["be3-w1"],
            memberId: "BE:m3",
            date: day(2),
            status: "CONFIRMED",
            workspace: { id: "FR:w1" },
          });
        else expect(response.body.data?.booking ?? null).to.equal(null);
      });

      it(`a booking as an entity reference for ${who}: ${asReference}`, async () => {
        const response = await unit.query(
          `query($id: ID!) { _entities(representations: [{ __typename: "Booking", id: $id }]) { ... on Booking { memberId } } }`,
          { id: ids["be3-w1"] },
          caller,
        );
        if (asReference === "null") expect(response.body).to.deep.equal({ data: { _entities: [null] } });
        else expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal(asReference);
      });
    }

    it("resolves its own members and leaves other units' to the gateway", async () => {
      const { body } = await unit.query(
        `{ bookings(workspace: "FR:w1", from: "${day(2)}", to: "${day(2)}") { memberId member { id displayName } } }`,
        {},
        staff("FR"),
      );
      expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
      const byMember = Object.fromEntries(
        body.data.bookings.map((b: { memberId: string; member: unknown }) => [b.memberId, b.member]),
      );
      expect(byMember["FR:m1"]).to.have.property("id", "FR:m1");
      expect(byMember["BE:m3"]).to.equal(null);
    });

    it("answers a booking that does not exist as one the caller may not see (NOT_FOUND), BAD_USER_INPUT for another unit's ID", async () => {
      const missing = await unit.query(`{ booking(id: "FR:b999999") { id } }`, {}, staff("DE"));
      const hidden = await unit.query(`{ booking(id: "${ids["be3-w1"]}") { id } }`, {}, staff("DE"));
      const message = (response: typeof missing) => response.body.errors?.[0]?.message.replace(/FR:b\d+/, "FR:b…");
      expect(codeOf(missing)).to.equal("NOT_FOUND");
      expect(codeOf(hidden)).to.equal("NOT_FOUND");
      expect(message(missing))
        .to.equal(message(hidden))
        .and.to.match(/^No booking FR:b… that you may see in the FR unit\.$/);
      expect(missing.body.data).to.deep.equal({ booking: null });
      expect(codeOf(await unit.query(`{ booking(id: "BE:b1") { id } }`, {}, staff("FR")))).to.equal("BAD_USER_INPUT");
    });
  });

  describe("lists", () => {
    const range = () => `from: "${day(0)}", to: "${day(61)}"`;

    it("Workspace.bookings: for staff of the unit, cancelled ones included", async () => {
      const query = `{ workspace(id: "FR:w1") { name bookings(${range()}) { id status } } }`;
      const asStaff = await unit.query(query, {}, staff("FR"));
      expect(bookingIds(asStaff, (data) => data.workspace.bookings)).to.deep.equal([
        "fr1-w1",
        "be3-w1",
        "fr2-cancelled",
      ]);
      for (const [caller, code] of [
        [member("FR:m1"), "FORBIDDEN"],
        [staff("BE"), "FORBIDDEN"],
        [undefined, "UNAUTHENTICATED"],
      ] as const) {
        const response = await unit.query(query, {}, caller);
        expect(codeOf(response)).to.equal(code);
        expect(response.body.data.workspace).to.deep.equal({ name: "Atelier Central", bookings: null });
      }
    });

    it("Member.bookings: the member's bookings in this unit, for the member and staff", async () => {
      const query = `{ member(id: "FR:m1") { bookings { id date } later: bookings(from: "${day(10)}") { id } } }`;
      for (const caller of [member("FR:m1"), staff("FR")]) {
        const response = await unit.query(query, {}, caller);
        expect(bookingIds(response, (data) => data.member.bookings)).to.deep.equal(["fr1-w1", "fr1-w2-later"]);
        expect(bookingIds(response, (data) => data.member.later)).to.deep.equal(["fr1-w2-later"]);
      }
      expect(codeOf(await unit.query(query, {}, member("FR:m2")))).to.equal("FORBIDDEN");
    });

    it("bookings: a member sees their own, with or without naming themself", async () => {
      const own = await unit.query(`{ bookings { id } }`, {}, member("FR:m2"));
      expect(bookingIds(own, (data) => data.bookings)).to.deep.equal(["fr2-w2", "fr2-cancelled"]);
      const named = await unit.query(`{ bookings(member: "BE:m3") { id } }`, {}, member("BE:m3"));
      expect(bookingIds(named, (data) => data.bookings)).to.deep.equal(["be3-w1"]);
      const other = await unit.query(`{ bookings(member: "FR:m1") { id } }`, {}, member("FR:m2"));
      expect(codeOf(other)).to.equal("FORBIDDEN");
    });

    it("bookings: staff see their unit's workspaces, and their own members abroad", async () => {
      const fr = await unit.query(`{ bookings(${range()}) { id } }`, {}, staff("FR"));
      expect(bookingIds(fr, (data) => data.bookings)).to.deep.equal(["fr1-w1", "be3-w1", "fr2-w2", "fr2-cancelled"]);
      const be = await unit.query(`{ bookings(${range()}) { id } }`, {}, staff("BE"));
      expect(bookingIds(be, (data) => data.bookings)).to.deep.equal(["be3-w1"]);
      const central = await unit.query(
        `{ bookings(workspace: "FR:w2", member: "FR:m1") { id } }`,
        {},
        { role: "central_office" },
      );
      expect(bookingIds(central, (data) => data.bookings)).to.deep.equal(["fr1-w2-later"]);
      // Not refused: a fan-out of this request gets BE's own part from BE, and nothing from here.
      const elsewhere = await unit.query(`{ bookings(member: "FR:m1") { id } }`, {}, staff("BE"));
      expect(elsewhere.body).to.deep.equal({ data: { bookings: [] } });
    });

    const badLists: [string, string, RegExp][] = [
      ["no member and no range", `{ bookings(workspace: "FR:w1") { id } }`, /Give `from` and `to`/],
      ["a range of 63 days", `{ bookings(from: "2030-01-01", to: "2030-03-04") { id } }`, /spans 63 days/],
      [
        "a range that ends before it starts",
        `{ bookings(member: "FR:m1", from: "2030-01-02", to: "2030-01-01") { id } }`,
        /is after/,
      ],
      [
        "another unit's workspace",
        `{ bookings(workspace: "BE:w1", from: "2030-01-01", to: "2030-01-02") { id } }`,
        /belongs to the BE unit/,
      ],
      ["a member ID without a unit", `{ bookings(member: "m1") { id } }`, /not a member ID/],
      [
        "Workspace.bookings over 63 days",
        `{ workspace(id: "FR:w1") { bookings(from: "2030-01-01", to: "2030-03-04") { id } } }`,
        /spans 63 days/,
      ],
    ];
    for (const [label, query, message] of badLists) {
      it(`refuses ${label} with BAD_USER_INPUT`, async () => {
        const response = await unit.query(query, {}, staff("FR"));
        expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal("BAD_USER_INPUT");
        expect(response.body.errors![0]!.message).to.match(message);
      });
    }
  });
});
