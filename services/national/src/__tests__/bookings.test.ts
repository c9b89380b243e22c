import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import type { Viewer } from "@smart/platform";
import { addDays, unitToday } from "../bookings/calendar.js";
import { placeNameKey, WorkspaceEntity } from "../entity/index.js";
import { insertFixture, startUnit, type GraphqlResponse, type RunningUnit } from "./unitFixture.js";

type Caller = Exclude<Viewer, { role: "anonymous" }>;

const BOOK = `mutation($input: BookWorkspaceInput!) {
  bookWorkspace(input: $input) { id memberId date status createdAt cancelledAt workspace { id } }
}`;
const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id) { id status cancelledAt } }`;
const AVAILABILITY = `query($id: ID!, $date: Date!) { workspace(id: $id) { availability(date: $date) { date capacity booked available } } }`;

const member = (id: string): Caller => ({ role: "member", unit: id.slice(0, 2), sub: id });
const staffFR: Caller = { role: "unit_staff", unit: "FR" };

const codeOf = (response: GraphqlResponse) => response.body.errors?.[0]?.extensions?.code ?? "ok";

describe("national > bookings", () => {
  let unit: RunningUnit;
  let nonce = 0;
  const today = unitToday("FR");
  const day = (offset: number) => addDays(today, offset);
  const key = () => `key-${++nonce}`;

  const book = (
    caller: Caller | undefined,
    input: { workspaceId: string; memberId: string; date: string; idempotencyKey?: string },
  ) => unit.query(BOOK, { input: { idempotencyKey: key(), ...input } }, caller);
  const cancel = (caller: Caller | undefined, id: string) => unit.query(CANCEL, { id }, caller);
  const available = async (workspaceId: string, date: string) => {
    const { body } = await unit.query(AVAILABILITY, { id: workspaceId, date });
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    return body.data.workspace.availability as { date: string; capacity: number; booked: number; available: number };
  };
  /** The counter and the confirmed rows of one workspace-day. */
  const seats = async (workspaceId: string, date: string) => {
    const [row] = await unit.dataSource.query(
      `SELECT (SELECT booked FROM workspace_day WHERE workspace_id = $1 AND day = $2) AS counter,
              (SELECT count(*)::int FROM booking WHERE workspace_id = $1 AND day = $2 AND status = 'CONFIRMED') AS confirmed`,
      [workspaceId, date],
    );
    return row as { counter: number | null; confirmed: number };
  };
  /** Everything a refused request must leave as it was. */
  const snapshot = async () =>
    JSON.stringify(
      await unit.dataSource.query(
        `SELECT (SELECT json_agg(b ORDER BY id) FROM booking b) AS bookings, (SELECT json_agg(d ORDER BY workspace_id, day) FROM workspace_day d) AS days`,
      ),
    );

  const addWorkspace = (id: string, capacity: number, status: "OPEN" | "CLOSED" = "OPEN") =>
    unit.dataSource.getRepository(WorkspaceEntity).save({
      id,
      name: `Workspace ${id}`,
      nameKey: placeNameKey(`Workspace ${id}`),
      cityId: "FR:capital",
      address: "2 Side Street",
      operator: "UNIT",
      partnerName: null,
      capacity,
      rooms: 0,
      status,
      openedOn: null,
    });

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "FR");
    await insertFixture(unit.dataSource, "FR", 60); // FR:w1, capacity 10
    await addWorkspace("FR:w2", 2);
    await addWorkspace("FR:w3", 5, "CLOSED");
    await addWorkspace("FR:w4", 10);
    // FR:m50 erased, FR:m51 left the cooperative, FR:m52 moved to BE (tombstones, as the member-rights steps leave them).
    await unit.dataSource.query(`UPDATE member SET erased_at = now(), status = 'LEFT' WHERE id = 'FR:m50'`);
    await unit.dataSource.query(`UPDATE member SET status = 'LEFT' WHERE id = 'FR:m51'`);
    await unit.dataSource.query(
      `UPDATE member SET moved_to = 'BE:m900', moved_at = now(), status = 'LEFT' WHERE id = 'FR:m52'`,
    );
  });
  after(() => unit?.stop());

  describe("booking", () => {
    it("books a moved member's old ID under the ID they have now", async () => {
      const response = await book(staffFR, { workspaceId: "FR:w4", memberId: "FR:m52", date: day(5) });
      expect(response.body.errors, JSON.stringify(response.body.errors)).to.equal(undefined);
      expect(response.body.data.bookWorkspace.memberId).to.equal("BE:m900");
      const [row] = await unit.dataSource.query(`SELECT member_id FROM booking WHERE id = $1`, [
        response.body.data.bookWorkspace.id,
      ]);
      expect(row).to.deep.equal({ member_id: "BE:m900" });
    });

    it("books a desk for oneself, and the day has one desk less", async () => {
      const response = await book(member("FR:m1"), { workspaceId: "FR:w1", memberId: "FR:m1", date: day(3) });
      expect(response.body.errors, JSON.stringify(response.body.errors)).to.equal(undefined);
      const booking = response.body.data.bookWorkspace;
      expect(booking).to.deep.include({
        memberId: "FR:m1",
        date: day(3),
        status: "CONFIRMED",
        cancelledAt: null,
        workspace: { id: "FR:w1" },
      });
      expect(booking.id).to.match(/^FR:b\d+$/);
      expect(Date.parse(booking.createdAt)).to.be.closeTo(Date.now(), 60_000);
      expect(await available("FR:w1", day(3))).to.deep.equal({ date: day(3), capacity: 10, booked: 1, available: 9 });
      expect(await seats("FR:w1", day(3))).to.deep.equal({ counter: 1, confirmed: 1 });
    });

    it("books today and 90 days ahead, the ends of the window", async () => {
      for (const date of [day(0), day(90)]) {
        const response = await book(member("FR:m2"), { workspaceId: "FR:w1", memberId: "FR:m2", date });
        expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal("ok");
      }
    });

    it("lets a member of another unit book for themself, stored with their ID", async () => {
      const response = await book(member("BE:m3"), { workspaceId: "FR:w1", memberId: "BE:m3", date: day(4) });
      expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal("ok");
      const { id } = response.body.data.bookWorkspace;
      const read = await unit.query(
        `query($id: ID!) { booking(id: $id) { memberId member { id } workspace { name } } }`,
        { id },
        member("BE:m3"),
      );
      // The FR unit does not know BE's members: the gateway resolves `member` from BE.
      expect(read.body.data.booking).to.deep.equal({
        memberId: "BE:m3",
        member: null,
        workspace: { name: "Atelier Central" },
      });
      const mine = await unit.query(`{ bookings(member: "BE:m3") { id date } }`, {}, member("BE:m3"));
      expect(mine.body.data.bookings).to.deep.equal([{ id, date: day(4) }]);
    });

    it("lets staff book for a member of their unit", async () => {
      const response = await book(staffFR, { workspaceId: "FR:w1", memberId: "FR:m4", date: day(4) });
      expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal("ok");
      expect(response.body.data.bookWorkspace.memberId).to.equal("FR:m4");
    });
  });

  describe("no overbooking", () => {
    it("50 concurrent bookings of a 10-desk day: exactly 10 CONFIRMED, 40 CONFLICT, counter = rows", async () => {
      const date = day(10);
      // 50 current members (FR:m50–52 are no longer: erased, left, moved).
      const members = Array.from({ length: 60 }, (_, i) => `FR:m${i + 1}`)
        .filter((id) => !["FR:m50", "FR:m51", "FR:m52"].includes(id))
        .slice(0, 50);
      const responses = await Promise.all(
        members.map((id) => book(member(id), { workspaceId: "FR:w4", memberId: id, date })),
      );
      const codes = responses.map(codeOf);
      expect(codes.filter((code) => code === "ok")).to.have.length(10);
      expect(codes.filter((code) => code === "CONFLICT")).to.have.length(40);
      for (const refused of responses.filter((response) => codeOf(response) === "CONFLICT")) {
        expect(refused.body.errors![0]!.message).to.match(/FR:w4 is full on/);
      }
      const confirmedMembers = responses
        .filter((r) => codeOf(r) === "ok")
        .map((r) => r.body.data.bookWorkspace.memberId);
      expect(new Set(confirmedMembers).size).to.equal(10);
      expect(await seats("FR:w4", date)).to.deep.equal({ counter: 10, confirmed: 10 });
      const [{ rows }] = await unit.dataSource.query(
        `SELECT count(*)::int AS rows FROM booking WHERE workspace_id = 'FR:w4' AND day = $1`,
        [date],
      );
      expect(rows, "refused bookings leave no row").to.equal(10);
      expect(await available("FR:w4", date)).to.deep.equal({ date, capacity: 10, booked: 10, available: 0 });
    });

    it("the database itself refuses a booking beyond capacity, whoever writes it", async () => {
      const date = day(10); // full since the test above
      let error: unknown;
      try {
        await unit.dataSource.query(
          `INSERT INTO booking (id, workspace_id, member_id, day, idempotency_key) VALUES ('FR:b-hand', 'FR:w4', 'FR:m60', $1, 'by-hand')`,
          [date],
        );
      } catch (caught) {
        error = caught;
      }
      expect((error as { driverError?: { constraint?: string } })?.driverError?.constraint).to.equal(
        "workspace_day_within_capacity",
      );
      expect(await seats("FR:w4", date)).to.deep.equal({ counter: 10, confirmed: 10 });
    });
  });

  describe("idempotency", () => {
    it("20 concurrent repeats of one key give one booking, the same to all", async () => {
      const date = day(20);
      const input = { workspaceId: "FR:w1", memberId: "FR:m7", date, idempotencyKey: "3b1f0c2e-repeat" };
      const responses = await Promise.all(Array.from({ length: 20 }, () => book(member("FR:m7"), input)));
      for (const response of responses) expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal("ok");
      const ids = new Set(responses.map((response) => response.body.data.bookWorkspace.id));
      expect(ids.size).to.equal(1);
      const [{ rows }] = await unit.dataSource.query(
        `SELECT count(*)::int AS rows FROM booking WHERE member_id = 'FR:m7' AND idempotency_key = $1`,
        [input.idempotencyKey],
      );
      expect(rows).to.equal(1);
      expect(await seats("FR:w1", date)).to.deep.equal({ counter: 1, confirmed: 1 });
    });

    it("a repeat racing an uncommitted first booking waits for it, then returns it", async () => {
      const date = day(24);
      const first = unit.dataSource.createQueryRunner();
      await first.connect();
      try {
        await first.startTransaction();
        await first.query(
          `INSERT INTO booking (id, workspace_id, member_id, day, idempotency_key) VALUES ('FR:b-race', 'FR:w1', 'FR:m14', $1, 'race')`,
          [date],
        );
        let settled = false;
        const repeat = book(member("FR:m14"), {
          workspaceId: "FR:w1",
          memberId: "FR:m14",
          date,
          idempotencyKey: "race",
        }).finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(settled, "the repeat waits on the first one's key").to.equal(false);
        await first.commitTransaction();
        const response = await repeat;
        expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal("ok");
        expect(response.body.data.bookWorkspace.id).to.equal("FR:b-race");
      } finally {
        await first.release();
      }
      expect(await seats("FR:w1", date)).to.deep.equal({ counter: 1, confirmed: 1 });
    });

    it("a later repeat returns the first booking; the key for another desk is a CONFLICT and writes nothing", async () => {
      const input = { workspaceId: "FR:w1", memberId: "FR:m8", date: day(21), idempotencyKey: "once" };
      const first = await book(member("FR:m8"), input);
      const again = await book(member("FR:m8"), input);
      expect(again.body.data.bookWorkspace).to.deep.equal(first.body.data.bookWorkspace);
      const before = await snapshot();
      const other = await book(member("FR:m8"), { ...input, date: day(22) });
      expect(codeOf(other)).to.equal("CONFLICT");
      expect(other.body.errors![0]!.message).to.match(/idempotencyKey "once" was already used/);
      expect(await snapshot()).to.equal(before);
    });

    it("scopes a key to its member: two members may use the same key", async () => {
      const a = await book(member("FR:m11"), {
        workspaceId: "FR:w1",
        memberId: "FR:m11",
        date: day(23),
        idempotencyKey: "shared",
      });
      const b = await book(member("FR:m12"), {
        workspaceId: "FR:w1",
        memberId: "FR:m12",
        date: day(23),
        idempotencyKey: "shared",
      });
      expect(codeOf(a)).to.equal("ok");
      expect(codeOf(b)).to.equal("ok");
      expect(a.body.data.bookWorkspace.id).to.not.equal(b.body.data.bookWorkspace.id);
    });
  });

  describe("cancellation", () => {
    it("frees one seat, once", async () => {
      const date = day(5);
      const m1 = await book(member("FR:m1"), { workspaceId: "FR:w2", memberId: "FR:m1", date });
      await book(member("FR:m2"), { workspaceId: "FR:w2", memberId: "FR:m2", date });
      const full = await book(member("FR:m3"), { workspaceId: "FR:w2", memberId: "FR:m3", date });
      expect(codeOf(full)).to.equal("CONFLICT");
      expect(await available("FR:w2", date)).to.include({ booked: 2, available: 0 });

      const { id } = m1.body.data.bookWorkspace;
      const cancelled = await cancel(member("FR:m1"), id);
      expect(cancelled.body.data.cancelBooking).to.include({ id, status: "CANCELLED" });
      expect(cancelled.body.data.cancelBooking.cancelledAt).to.be.a("string");
      expect(await available("FR:w2", date)).to.include({ booked: 1, available: 1 });

      const again = await cancel(member("FR:m1"), id);
      expect(again.body.data.cancelBooking).to.deep.equal(cancelled.body.data.cancelBooking);
      expect(await seats("FR:w2", date), "cancelling twice frees one seat").to.deep.equal({ counter: 1, confirmed: 1 });

      const freed = await book(member("FR:m3"), { workspaceId: "FR:w2", memberId: "FR:m3", date });
      expect(codeOf(freed), JSON.stringify(freed.body.errors)).to.equal("ok");
      expect(await seats("FR:w2", date)).to.deep.equal({ counter: 2, confirmed: 2 });
    });

    it("lets a member book the same day again after cancelling", async () => {
      const input = { workspaceId: "FR:w1", memberId: "FR:m13", date: day(6) };
      const first = await book(member("FR:m13"), input);
      await cancel(member("FR:m13"), first.body.data.bookWorkspace.id);
      const second = await book(member("FR:m13"), input);
      expect(codeOf(second), JSON.stringify(second.body.errors)).to.equal("ok");
      expect(second.body.data.bookWorkspace.id).to.not.equal(first.body.data.bookWorkspace.id);
    });

    it("is for staff of the unit too", async () => {
      const booked = await book(member("BE:m9"), { workspaceId: "FR:w1", memberId: "BE:m9", date: day(7) });
      const cancelled = await cancel(staffFR, booked.body.data.bookWorkspace.id);
      expect(codeOf(cancelled), JSON.stringify(cancelled.body.errors)).to.equal("ok");
    });

    const refusals: [string, Caller | undefined, string][] = [
      ["anyone signed out", undefined, "UNAUTHENTICATED"],
      // Who may not see it hears of no booking, as if it were missing.
      ["another member", member("FR:m21"), "NOT_FOUND"],
      ["staff of a third unit", { role: "unit_staff", unit: "DE" }, "NOT_FOUND"],
      ["staff of the member's unit (not the workspace's)", { role: "unit_staff", unit: "BE" }, "FORBIDDEN"],
      ["the central office", { role: "central_office" }, "FORBIDDEN"],
    ];
    refusals.forEach(([who, caller, code], index) => {
      it(`is refused to ${who} (${code}), and changes nothing`, async () => {
        const booked = await book(member("BE:m20"), {
          workspaceId: "FR:w1",
          memberId: "BE:m20",
          date: day(31 + index),
        });
        expect(codeOf(booked), JSON.stringify(booked.body.errors)).to.equal("ok");
        const before = await snapshot();
        const response = await cancel(caller, booked.body.data.bookWorkspace.id);
        expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal(code);
        expect(response.body.errors![0]!.message, "names no one").not.to.match(/BE:m\d/);
        expect(await snapshot()).to.equal(before);
      });
    });

    it("is refused on the day itself (CONFLICT), and changes nothing", async () => {
      const booked = await book(member("FR:m22"), { workspaceId: "FR:w1", memberId: "FR:m22", date: day(0) });
      const before = await snapshot();
      const response = await cancel(member("FR:m22"), booked.body.data.bookWorkspace.id);
      expect(codeOf(response)).to.equal("CONFLICT");
      expect(response.body.errors![0]!.message).to.match(/cancelled until the day before/);
      expect(await snapshot()).to.equal(before);
    });

    it("answers NOT_FOUND for a booking that does not exist, BAD_USER_INPUT for another unit's", async () => {
      expect(codeOf(await cancel(staffFR, "FR:b999999"))).to.equal("NOT_FOUND");
      expect(codeOf(await cancel(staffFR, "BE:b1"))).to.equal("BAD_USER_INPUT");
    });
  });

  describe("rules", () => {
    const rules: [string, Caller | undefined, Record<string, unknown>, string, RegExp][] = [
      ["a day in the past", member("FR:m30"), { date: "PAST" }, "BAD_USER_INPUT", /in the past/],
      ["more than 90 days ahead", member("FR:m30"), { date: "FAR" }, "BAD_USER_INPUT", /up to 90 days ahead/],
      ["an impossible date", member("FR:m30"), { date: "2030-02-30" }, "BAD_USER_INPUT", /YYYY-MM-DD/],
      ["a closed workspace", member("FR:m30"), { workspaceId: "FR:w3" }, "CONFLICT", /FR:w3 is closed/],
      [
        "a workspace that does not exist",
        member("FR:m30"),
        { workspaceId: "FR:w999" },
        "NOT_FOUND",
        /No workspace FR:w999/,
      ],
      [
        "another unit's workspace",
        member("FR:m30"),
        { workspaceId: "BE:w1" },
        "BAD_USER_INPUT",
        /belongs to the BE unit/,
      ],
      [
        "a second desk the same day, with a new key",
        member("FR:m1"),
        { memberId: "FR:m1", date: "D3" },
        "CONFLICT",
        /already has a desk in FR:w1 on .* \(booking FR:b\d+\)/,
      ],
      ["an empty idempotency key", member("FR:m30"), { idempotencyKey: "" }, "BAD_USER_INPUT", /idempotencyKey/],
      [
        "an idempotency key of 201 characters",
        member("FR:m30"),
        { idempotencyKey: "k".repeat(201) },
        "BAD_USER_INPUT",
        /idempotencyKey/,
      ],
      ["a member ID without a unit", member("FR:m30"), { memberId: "m30" }, "BAD_USER_INPUT", /not a member ID/],
      [
        "staff booking for a member their unit does not have",
        staffFR,
        { memberId: "FR:m999" },
        "NOT_FOUND",
        /^memberId: no member FR:m999 in the FR unit\.$/,
      ],
      // Current members only: an erased member, one who left, word for word as one who never was.
      [
        "staff booking for an erased member",
        staffFR,
        { memberId: "FR:m50" },
        "NOT_FOUND",
        /^memberId: no member FR:m50 in the FR unit\.$/,
      ],
      [
        "staff booking for a member who left",
        staffFR,
        { memberId: "FR:m51" },
        "NOT_FOUND",
        /^memberId: no member FR:m51 in the FR unit\.$/,
      ],
      // Access: a member for themself, staff for their own unit's members in their own unit's workspaces.
      ["anyone signed out", undefined, {}, "UNAUTHENTICATED", /Sign in/],
      ["a member booking for someone else", member("FR:m31"), {}, "FORBIDDEN", /books for themself only/],
      [
        "a member of another unit booking for someone else",
        member("BE:m30"),
        {},
        "FORBIDDEN",
        /books for themself only/,
      ],
      [
        "staff booking for another unit's member",
        staffFR,
        { memberId: "BE:m30" },
        "FORBIDDEN",
        /book for members of FR/,
      ],
      ["staff of another unit", { role: "unit_staff", unit: "BE" }, {}, "FORBIDDEN", /this workspace is the FR unit's/],
      ["the central office", { role: "central_office" }, {}, "FORBIDDEN", /Only members/],
    ];
    for (const [label, caller, change, code, message] of rules) {
      it(`refuses ${label} with ${code}, and writes nothing`, async () => {
        const dates: Record<string, string> = { PAST: day(-1), FAR: day(91), D3: day(3) };
        const input = { workspaceId: "FR:w1", memberId: "FR:m30", date: day(40), ...change };
        if (typeof input.date === "string" && dates[input.date]) input.date = dates[input.date]!;
        const before = await snapshot();
        const response = await book(caller, input);
        expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal(code);
        expect(response.body.errors![0]!.message).to.match(message);
        expect(await snapshot()).to.equal(before);
      });
    }
  });
});
