import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { addDays, unitToday } from "../bookings/calendar.js";
import { placeNameKey, WorkspaceEntity } from "../entity/index.js";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

describe("national > statistics: memberStats and workspaceOccupancy", () => {
  let unit: RunningUnit;
  const today = unitToday("FR");
  const day = (offset: number) => addDays(today, offset);

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "FR");
    await insertFixture(unit.dataSource, "FR", 40); // FR:w1 "Atelier Central", 10 desks, opened 2020-01-01
    await unit.dataSource.query(`UPDATE member SET active_in = ARRAY['BE', 'DE'] WHERE id IN ('FR:m1', 'FR:m2')`);
    await unit.dataSource.query(`UPDATE member SET active_in = ARRAY['BE'] WHERE id = 'FR:m3'`);
    const workspaces = unit.dataSource.getRepository(WorkspaceEntity);
    const workspace = (id: string, name: string, status: "OPEN" | "CLOSED", openedOn: string | null) =>
      workspaces.save({
        id,
        name,
        nameKey: placeNameKey(name),
        cityId: "FR:harbour",
        address: "3 Quay",
        operator: "UNIT",
        partnerName: null,
        capacity: 4,
        rooms: 0,
        status,
        openedOn,
      });
    await workspace("FR:w2", "Bureau Fermé", "CLOSED", null);
    await workspace("FR:w3", "Ruche Nouvelle", "OPEN", day(5));
    // Bookings past and future, written as a seed would: the trigger keeps the seat counters.
    const bookings: [string, string, number, "CONFIRMED" | "CANCELLED"][] = [
      ["FR:w1", "FR:m1", -2, "CONFIRMED"],
      ["FR:w1", "FR:m1", 2, "CONFIRMED"],
      ["FR:w1", "BE:m3", 2, "CONFIRMED"],
      ["FR:w1", "FR:m2", 3, "CONFIRMED"],
      ["FR:w1", "FR:m4", 4, "CANCELLED"],
      ["FR:w1", "FR:m5", 20, "CONFIRMED"], // outside the range asked
      ["FR:w2", "FR:m6", -1, "CONFIRMED"], // booked before it closed
      ["FR:w3", "FR:m7", 6, "CONFIRMED"],
      ["FR:w3", "FR:m8", 6, "CONFIRMED"],
    ];
    for (const [i, [workspaceId, memberId, offset, status]] of bookings.entries()) {
      await unit.dataSource.query(
        `INSERT INTO booking (id, workspace_id, day, member_id, idempotency_key, status, cancelled_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 = 'CANCELLED' THEN now() END)`,
        [`FR:b${i + 1}`, workspaceId, day(offset), memberId, `k${i}`, status],
      );
    }
  });
  after(() => unit?.stop());

  const occupancy = `query($from: Date!, $to: Date!) {
    workspaceOccupancy(from: $from, to: $to) { workspace { id } seatDaysBooked seatDaysOffered rate busiestDay }
  }`;

  it("counts desks booked and offered per workspace, as counted by hand", async () => {
    const { body } = await unit.query(occupancy, { from: day(-3), to: day(9) }); // 13 days, anonymous
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    expect(body.data.workspaceOccupancy).to.deep.equal([
      // 4 confirmed in range (the cancelled one and day +20 are not); 13 open days of 10 desks.
      { workspace: { id: "FR:w1" }, seatDaysBooked: 4, seatDaysOffered: 130, rate: 4 / 130, busiestDay: day(2) },
      // Closed now: only the day it had a booking was offered (at the capacity its seat counter kept).
      { workspace: { id: "FR:w2" }, seatDaysBooked: 1, seatDaysOffered: 4, rate: 0.25, busiestDay: day(-1) },
      // Opens on day +5: 5 days of 4 desks.
      { workspace: { id: "FR:w3" }, seatDaysBooked: 2, seatDaysOffered: 20, rate: 0.1, busiestDay: day(6) },
    ]);
  });

  it("gives a range with no booking 0 booked and no busiest day; a workspace not yet open offers nothing", async () => {
    const { body } = await unit.query(occupancy, { from: day(30), to: day(31) });
    expect(
      body.data.workspaceOccupancy.map(
        (o: { seatDaysBooked: number; seatDaysOffered: number; busiestDay: string | null }) => [
          o.seatDaysBooked,
          o.seatDaysOffered,
          o.busiestDay,
        ],
      ),
    ).to.deep.equal([
      [0, 20, null],
      [0, 0, null],
      [0, 8, null],
    ]);
    const before = await unit.query(occupancy, { from: day(0), to: day(1) });
    expect(before.body.data.workspaceOccupancy[2]).to.deep.include({ seatDaysOffered: 0, rate: 0 });
  });

  it("refuses a range over 366 days or backwards, and another unit's country, with BAD_USER_INPUT", async () => {
    for (const [from, to] of [
      ["2025-01-01", "2026-01-02"],
      [day(3), day(2)],
    ]) {
      const { body } = await unit.query(occupancy, { from, to });
      expect(body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
    }
    const leap = await unit.query(occupancy, { from: "2024-01-01", to: "2024-12-31" });
    expect(leap.body.errors).to.equal(undefined);
    const other = await unit.query(`{ workspaceOccupancy(from: "${day(0)}", to: "${day(1)}", country: BE) { rate } }`);
    expect(other.body.errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");
  });

  describe("memberStats", () => {
    const stats = `query($groupBy: [MemberDimension!]!, $filter: MemberFilter) {
      memberStats(groupBy: $groupBy, filter: $filter) { country city { id name } category status joinedYear joinedMonth activeInCountry count }
    }`;
    const staff = { role: "unit_staff", unit: "FR" } as const;

    it("answers every dimension in one SQL statement, whatever the number of groups", async () => {
      for (const groupBy of [["CITY"], ["JOINED_MONTH", "CATEGORY", "STATUS"], ["ACTIVE_IN_COUNTRY", "CITY"]]) {
        const before = unit.sqlCount();
        const { body } = await unit.query(stats, { groupBy }, staff);
        expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
        // One GROUP BY, one batched load of the cities asked for.
        expect(unit.sqlCount() - before).to.be.at.most(groupBy.includes("CITY") ? 2 : 1);
      }
    });

    it("counts members active in several countries once in each, the others under null", async () => {
      const { body } = await unit.query(stats, { groupBy: ["ACTIVE_IN_COUNTRY"] }, staff);
      expect(
        body.data.memberStats.map((g: { activeInCountry: string | null; count: number }) => [
          g.activeInCountry,
          g.count,
        ]),
      ).to.deep.equal([
        ["BE", 3],
        ["DE", 2],
        [null, 37],
      ]);
      const filtered = await unit.query(stats, { groupBy: ["CITY"], filter: { activeIn: "DE" } }, staff);
      expect(
        filtered.body.data.memberStats.map((g: { count: number }) => g.count).reduce((a: number, b: number) => a + b),
      ).to.equal(2);
    });

    it("gives one group of everyone for groupBy []", async () => {
      const { body } = await unit.query(stats, { groupBy: [] }, staff);
      expect(body.data.memberStats).to.deep.equal([
        {
          country: null,
          city: null,
          category: null,
          status: null,
          joinedYear: null,
          joinedMonth: null,
          activeInCountry: null,
          count: 40,
        },
      ]);
    });

    it("shows groups under 5 to the unit's staff and the central office only", async () => {
      const groupBy = ["ACTIVE_IN_COUNTRY"];
      for (const viewer of [staff, { role: "central_office" } as const]) {
        expect((await unit.query(stats, { groupBy }, viewer)).body.data.memberStats).to.have.length(3);
      }
      for (const viewer of [
        undefined,
        { role: "unit_staff", unit: "BE" } as const,
        { role: "member", unit: "FR", sub: "FR:m1" } as const,
      ]) {
        const { body } = await unit.query(stats, { groupBy }, viewer);
        expect(
          body.data.memberStats.map((g: { activeInCountry: string | null }) => g.activeInCountry),
          JSON.stringify(viewer),
        ).to.deep.equal([null]);
      }
    });

    it("reads the per-month counts the triggers keep, equal to counting the members, through registrations, changes and deletions", async () => {
      const groupBy = ["CITY", "CATEGORY", "STATUS", "JOINED_MONTH"];
      const bothWays = async () => {
        const fromCounts = await unit.query(stats, { groupBy }, staff);
        // A joinedTo that is no month's last day: answered by scanning the members.
        const scanned = await unit.query(stats, { groupBy, filter: { joinedTo: "2099-12-30" } }, staff);
        expect(fromCounts.body.errors ?? scanned.body.errors).to.equal(undefined);
        expect(fromCounts.body.data.memberStats).to.deep.equal(scanned.body.data.memberStats);
        return fromCounts.body.data.memberStats as { count: number }[];
      };
      await bothWays();
      const registered = await unit.query(
        `mutation { registerMember(input: { country: FR, firstName: "Inès", lastName: "Roux", email: "ines@example.fr", cityId: "FR:harbour", category: C, joinedOn: "2019-02-28" }) { id } }`,
        undefined,
        staff,
      );
      expect(registered.body.errors).to.equal(undefined);
      const id = registered.body.data.registerMember.id;
      await unit.query(
        `mutation($id: ID!) { updateMember(id: $id, input: { status: LEFT, category: B, cityId: "FR:capital" }) { id } }`,
        { id },
        staff,
      );
      await unit.dataSource.query(`DELETE FROM member WHERE id = 'FR:m40'`);
      await unit.dataSource.query(`UPDATE member SET joined_on = joined_on + 40 WHERE id LIKE 'FR:m1%'`);
      const groups = await bothWays();
      // 40 + Inès − FR:m40 = 40 rows, of whom Inès left: 39 current members (those who left are asked for by status).
      expect(groups.reduce((sum, g) => sum + g.count, 0)).to.equal(39);
    });
  });
});
