import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { purgeAccessLog } from "@smart/national";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { errorSummary, startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";

const members = testMembers(3);
const belgian = members.BE[0]!; // BE:m1: seeded by central into a SIP working group ("BE:m1", "BE:m7", …)

const RECORD = `query($id: ID!) { member(id: $id) { id email phone shares } }`;
const ACCESS_LOG = `query($id: ID!) { personalDataAccessLog(memberId: $id) { at role actor unit fields requestId } }`;
const BOOK = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id } }`;
const EXPORT = `query($id: ID!) {
  memberDataExport(memberId: $id) {
    exportedAt
    member { id firstName lastName email shares }
    bookings { id date status workspace { id } }
    sipParticipations { workingGroupId topic cycleYear cycleTheme cityId }
    accessLog { role actor fields }
    json
  }
}`;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("gateway > member rights: access log and export (nine real units, real central, on Postgres)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;
  const booked: string[] = [];

  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const asBelgian = () => as({ role: "member", unit: "BE", sub: belgian.id });
  const ok = (reply: GraphqlReply) => {
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    return reply.body.data;
  };
  const logRows = async () =>
    units.dataSources.BE.query<
      { role: string; actor: string; unit: string | null; fields: string[]; request_id: string }[]
    >(`SELECT role, actor, unit, fields, request_id FROM personal_data_access WHERE member_id = $1 ORDER BY id`, [
      belgian.id,
    ]);

  before(async function () {
    this.timeout(120_000);
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    gateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 1500 });
    for (const [workspaceId, offset] of [
      ["FR:w1", 3],
      ["BE:w1", 4],
      ["FR:w1", 6],
    ] as const) {
      const reply = await gateway.query(
        BOOK,
        {
          input: {
            workspaceId,
            memberId: belgian.id,
            date: day(offset),
            idempotencyKey: `rights-${workspaceId}-${offset}`,
          },
        },
        await asBelgian(),
      );
      booked.push(ok(reply).bookWorkspace.id);
    }
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });
  afterEach(() => units.slowDown("FR", 0));

  describe("access log", () => {
    it("appends a staff read of personal fields through the gateway (who, role, fields, request id), and not the member's own read", async () => {
      const before = (await logRows()).length;
      ok(await gateway.query(RECORD, { id: belgian.id }, await asBelgian()));
      expect(await logRows()).to.have.length(before);

      ok(await gateway.query(RECORD, { id: belgian.id }, await as({ role: "unit_staff", unit: "BE" })));
      const rows = await logRows();
      expect(rows).to.have.length(before + 1);
      expect(rows.at(-1)).to.deep.include({
        role: "unit_staff",
        actor: "unit_staff@BE",
        unit: "BE",
        fields: ["email", "phone", "shares"],
      });
      expect(rows.at(-1)!.request_id).to.match(/^[\w.:-]+$/);
    });

    it("appends a central office read through the gateway and a staff read made directly at the unit, each under a request ID neither caller chose", async () => {
      ok(
        await gateway.query(
          `query($id: ID!) { member(id: $id) { firstName joinedOn } }`,
          { id: belgian.id },
          {
            ...(await as({ role: "central_office" })),
            "x-request-id": "chosen-by-caller",
          },
        ),
      );
      const read = (await logRows()).at(-1)!;
      expect(read).to.deep.include({
        role: "central_office",
        actor: "central_office",
        unit: null,
        fields: ["firstName", "joinedOn"],
      });
      expect(read.request_id).to.match(/^[0-9a-f-]{36}$/);
      const response = await fetch(units.urls.BE, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-request-id": "audit-42",
          ...(await as({ role: "unit_staff", unit: "BE" })),
        },
        body: JSON.stringify({
          query: `query($id: ID!) { member(id: $id) { firstName joinedOn } }`,
          variables: { id: belgian.id },
        }),
      });
      expect(((await response.json()) as GraphqlReply["body"]).errors).to.equal(undefined);
      const direct = (await logRows()).at(-1)!;
      expect(direct).to.deep.include({
        role: "unit_staff",
        actor: "unit_staff@BE",
        unit: "BE",
        fields: ["firstName", "joinedOn"],
      });
      // Unsigned, the caller's x-request-id is theirs to make up: the unit records its own.
      expect(direct.request_id).not.to.equal("audit-42");
      expect(direct.request_id).to.match(/^[0-9a-f-]{36}$/);
    });

    it("does not log a read the access rule refused (FR staff get null personal fields)", async () => {
      const before = (await logRows()).length;
      const reply = await gateway.query(RECORD, { id: belgian.id }, await as({ role: "unit_staff", unit: "FR" }));
      expect(reply.body.data?.member).to.deep.include({ email: null, phone: null, shares: null });
      expect(await logRows()).to.have.length(before);
    });

    it("personalDataAccessLog: for the member, their unit's staff and the central office; FORBIDDEN to others, UNAUTHENTICATED anonymous", async () => {
      for (const headers of [
        await asBelgian(),
        await as({ role: "unit_staff", unit: "BE" }),
        await as({ role: "central_office" }),
      ]) {
        const log = ok(await gateway.query(ACCESS_LOG, { id: belgian.id }, headers)).personalDataAccessLog;
        expect(log.map((e: { role: string }) => e.role)).to.include.members(["unit_staff", "central_office"]);
        expect(log[0]).to.have.keys(["at", "role", "actor", "unit", "fields", "requestId"]);
      }
      for (const [headers, code] of [
        [await as({ role: "unit_staff", unit: "FR" }), "FORBIDDEN"],
        [await as({ role: "member", unit: "BE", sub: "BE:m2" }), "FORBIDDEN"],
        [{}, "UNAUTHENTICATED"],
      ] as const) {
        const reply = await gateway.query(ACCESS_LOG, { id: belgian.id }, headers);
        expect(errorSummary(reply).map((e) => e.code)).to.deep.equal([code]);
        expect(reply.body.data).to.equal(null);
      }
    });

    it("personalDataAccessLog of a member who moved: their former unit's entries under the old ID and their new unit's, one list by time, for them and their new unit's staff", async () => {
      const beStaff = await as({ role: "unit_staff", unit: "BE" });
      ok(await gateway.query(RECORD, { id: "BE:m3" }, beStaff));
      const moved = ok(
        await gateway.query(`mutation { transferMember(memberId: "BE:m3", to: FR) { status toId } }`, {}, beStaff),
      ).transferMember;
      expect(moved.status).to.equal("DONE");
      ok(await gateway.query(RECORD, { id: moved.toId }, await as({ role: "unit_staff", unit: "FR" })));
      const rowsIn = async (unit: "BE" | "FR", id: string) =>
        units.dataSources[unit].query<{ at: Date; request_id: string; unit: string }[]>(
          `SELECT at, request_id, unit FROM personal_data_access WHERE member_id = $1 ORDER BY at, id`,
          [id],
        );
      const [inBe, inFr] = [await rowsIn("BE", "BE:m3"), await rowsIn("FR", moved.toId)];
      expect(inBe.map((row) => row.unit)).to.include("BE");
      expect(inFr.map((row) => row.unit)).to.deep.equal(["FR"]);
      const expected = [...inBe, ...inFr]
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((row) => [row.at.toISOString(), row.request_id]);
      for (const headers of [
        await as({ role: "member", unit: "FR", sub: moved.toId }),
        await as({ role: "unit_staff", unit: "FR" }),
      ]) {
        const log = ok(await gateway.query(ACCESS_LOG, { id: moved.toId }, headers)).personalDataAccessLog;
        expect(
          log.map((entry: { at: string; requestId: string }) => [new Date(entry.at).toISOString(), entry.requestId]),
        ).to.deep.equal(expected);
      }
      // Another unit's staff are no readers of it, here or in the unit the member left.
      const refused = await gateway.query(ACCESS_LOG, { id: moved.toId }, await as({ role: "unit_staff", unit: "DE" }));
      expect(errorSummary(refused).map((e) => e.code)).to.deep.equal(["FORBIDDEN"]);
    });

    it("is append-only in Postgres itself: UPDATE, DELETE and TRUNCATE are refused whoever runs them", async () => {
      const before = await logRows();
      for (const sql of [
        `UPDATE personal_data_access SET actor = 'nobody'`,
        `DELETE FROM personal_data_access`,
        `TRUNCATE personal_data_access`,
      ]) {
        let error: unknown;
        await units.dataSources.BE.query(sql).catch((e: unknown) => (error = e));
        expect(String(error), sql).to.match(/append-only/);
      }
      // A retention shorter than 30 days does not open the door either.
      let error: unknown;
      await units.dataSources.BE.transaction(async (manager) => {
        await manager.query(`SET LOCAL smart.access_log_retention = '1 second'`);
        await manager.query(`DELETE FROM personal_data_access`);
      }).catch((e: unknown) => (error = e));
      expect(String(error)).to.match(/append-only/);
      expect(await logRows()).to.deep.equal(before);
    });

    it("keeps entries for the retention period: the purge deletes only older ones", async () => {
      await units.dataSources.BE.query(
        `INSERT INTO personal_data_access (member_id, at, actor, role, unit, fields, request_id)
         VALUES ($1, now() - interval '400 days', 'unit_staff@BE', 'unit_staff', 'BE', '{email}', 'old-read'),
                ($1, now() - interval '300 days', 'unit_staff@BE', 'unit_staff', 'BE', '{email}', 'recent-read')`,
        [belgian.id],
      );
      const before = await logRows();
      expect(await purgeAccessLog(units.dataSources.BE, 365)).to.equal(1);
      const after = await logRows();
      expect(after.map((r) => r.request_id)).to.deep.equal(
        before.map((r) => r.request_id).filter((id) => id !== "old-read"),
      );
      expect(after.map((r) => r.request_id)).to.include("recent-read");
    });
  });

  describe("memberDataExport", () => {
    it("gives the member one complete export: record, bookings in BE and FR, SIP working group, access log, typed and as JSON", async () => {
      const data = ok(await gateway.query(EXPORT, { id: belgian.id }, await asBelgian())).memberDataExport;
      expect(data.member).to.deep.equal({
        id: belgian.id,
        firstName: belgian.firstName,
        lastName: belgian.lastName,
        email: "BE.m1@example.org",
        shares: 1,
      });
      expect(data.bookings.map((b: { id: string }) => b.id)).to.deep.equal(booked);
      expect(data.bookings.map((b: { workspace: { id: string } }) => b.workspace.id)).to.deep.equal([
        "FR:w1",
        "BE:w1",
        "FR:w1",
      ]);
      expect(data.sipParticipations).to.have.length.greaterThan(0);
      expect(data.sipParticipations[0]).to.have.keys(["workingGroupId", "topic", "cycleYear", "cycleTheme", "cityId"]);
      expect(data.accessLog.map((e: { role: string }) => e.role)).to.include.members(["unit_staff", "central_office"]);

      const json = data.json;
      expect(json.format).to.equal("smart-europe-member-export/1");
      expect(json.member).to.deep.include({
        id: belgian.id,
        email: "BE.m1@example.org",
        firstName: belgian.firstName,
        displayName: `${belgian.firstName} ${belgian.lastName}`,
      });
      expect(json.bookings.map((b: { id: string }) => b.id)).to.deep.equal(booked);
      expect(json.bookings[0]).to.deep.include({
        status: "CONFIRMED",
        workspace: { id: "FR:w1", name: "FR Atelier", city: { id: "FR:capital", name: "FR Capital" } },
      });
      expect(json.sipParticipations).to.deep.equal(data.sipParticipations);
      expect(json.accessLog).to.have.length(data.accessLog.length);
    });

    it("is for staff of the member's unit and the central office too; FORBIDDEN to another unit's staff or member, UNAUTHENTICATED anonymous", async () => {
      for (const headers of [await as({ role: "unit_staff", unit: "BE" }), await as({ role: "central_office" })]) {
        expect(ok(await gateway.query(EXPORT, { id: belgian.id }, headers)).memberDataExport.bookings).to.have.length(
          booked.length,
        );
      }
      for (const [headers, code] of [
        [await as({ role: "unit_staff", unit: "FR" }), "FORBIDDEN"],
        [await as({ role: "member", unit: "BE", sub: "BE:m2" }), "FORBIDDEN"],
        [{}, "UNAUTHENTICATED"],
      ] as const) {
        const reply = await gateway.query(EXPORT, { id: belgian.id }, headers);
        expect(errorSummary(reply).map((e) => e.code)).to.deep.equal([code]);
        expect(reply.body.data).to.equal(null);
      }
    });

    it("NOT_FOUND for a member that does not exist, BAD_USER_INPUT for an ID that is not one", async () => {
      const missing = await gateway.query(EXPORT, { id: "BE:m999" }, await as({ role: "central_office" }));
      expect(errorSummary(missing).map((e) => e.code)).to.deep.equal(["NOT_FOUND"]);
      const bad = await gateway.query(EXPORT, { id: "m1" }, await as({ role: "central_office" }));
      expect(errorSummary(bad).map((e) => e.code)).to.deep.equal(["BAD_USER_INPUT"]);
    });

    it("fails with SHARD_UNAVAILABLE naming FR when FR does not answer, never an export without FR's bookings", async () => {
      units.slowDown("FR", 3000);
      const reply = await gateway.query(EXPORT, { id: belgian.id }, await asBelgian());
      expect(reply.body.data).to.equal(null);
      expect(errorSummary(reply)).to.have.length(1);
      expect(reply.body.errors![0]!.extensions).to.deep.include({ code: "SHARD_UNAVAILABLE", units: ["FR"] });
      expect(reply.body.errors![0]!.message).to.contain("FR");
    });

    it("fails with SHARD_UNAVAILABLE naming central when the central office does not answer", async () => {
      const withoutCentral = await startGateway(units.urls, { deadlineMs: 1500 });
      try {
        const reply = await withoutCentral.query(EXPORT, { id: belgian.id }, await asBelgian());
        expect(reply.body.data).to.equal(null);
        expect(reply.body.errors![0]!.extensions).to.deep.include({ code: "SHARD_UNAVAILABLE", units: ["central"] });
      } finally {
        await withoutCentral.stop();
      }
    });
  });

  describe("eraseMember (after the export: BE:m1 has bookings in BE and FR and a SIP working group)", () => {
    const ERASE = `mutation($id: ID!, $reason: String!) { eraseMember(memberId: $id, reason: $reason) { memberId status units pendingUnits requestedAt } }`;
    const STATUS = `query($id: ID!) { erasureStatus(memberId: $id) { status units pendingUnits } }`;
    const SIP = `query($id: ID!) { sipParticipations(memberId: $id) { id } }`;
    const AVAILABILITY = `query($id: ID!, $from: Date!, $to: Date!) { workspace(id: $id) { availabilityRange(from: $from, to: $to) { date booked available } } }`;
    const seats = async () => {
      const counts: Record<string, unknown> = {};
      for (const unit of ["BE", "FR"] as const)
        counts[unit] = await units.dataSources[unit].query(
          `SELECT workspace_id, day::text, booked FROM workspace_day ORDER BY 1, 2`,
        );
      return counts;
    };
    const availability = async () =>
      Promise.all(
        ["BE:w1", "FR:w1"].map(
          async (id) =>
            ok(await gateway.query(AVAILABILITY, { id, from: day(0), to: day(10) })).workspace.availabilityRange,
        ),
      );

    it("is for staff of the member's unit and the central office: FORBIDDEN to the member, other staff; UNAUTHENTICATED anonymous; nothing changes", async () => {
      for (const [headers, code] of [
        [await asBelgian(), "FORBIDDEN"],
        [await as({ role: "unit_staff", unit: "FR" }), "FORBIDDEN"],
        [{}, "UNAUTHENTICATED"],
      ] as const) {
        const reply = await gateway.query(ERASE, { id: belgian.id, reason: "asked" }, headers);
        expect(errorSummary(reply).map((e) => e.code)).to.deep.equal([code]);
      }
      const [row] = await units.dataSources.BE.query(`SELECT first_name, erased_at FROM member WHERE id = $1`, [
        belgian.id,
      ]);
      expect(row).to.deep.equal({ first_name: belgian.firstName, erased_at: null });
      const blank = await gateway.query(
        ERASE,
        { id: belgian.id, reason: "  " },
        await as({ role: "unit_staff", unit: "BE" }),
      );
      expect(errorSummary(blank).map((e) => e.code)).to.deep.equal(["BAD_USER_INPUT"]);
    });

    it("the unit's own erasure steps are not in the European API, and a unit refuses them unsigned", async () => {
      const reply = await gateway.query(
        `mutation { unlinkMemberBookings(unit: FR, memberId: "BE:m1", pseudonym: "BE:x") }`,
        {},
        await as({ role: "central_office" }),
      );
      expect(errorSummary(reply).map((e) => e.code)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
      const direct = await fetch(units.urls.FR, {
        method: "POST",
        headers: { "content-type": "application/json", ...(await as({ role: "unit_staff", unit: "FR" })) },
        body: JSON.stringify({
          query: `mutation { unlinkMemberBookings(unit: FR, memberId: "BE:m1", pseudonym: "BE:erased-00000000-0000-0000-0000-000000000000") }`,
        }),
      });
      expect(((await direct.json()) as GraphqlReply["body"]).errors?.map((e) => e.extensions?.code)).to.deep.equal([
        "FORBIDDEN",
      ]);
      expect(
        await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM booking WHERE member_id = $1`, [belgian.id]),
      ).to.deep.equal([{ n: 2 }]);
    });

    it("with FR down: erases everywhere else, says PENDING FR, and erasureStatus shows it; run again once FR is back: DONE, every unit", async () => {
      const seatsBefore = await seats();
      const availabilityBefore = await availability();
      units.slowDown("FR", 3000);
      const staff = await as({ role: "unit_staff", unit: "BE" });
      const first = ok(
        await gateway.query(ERASE, { id: belgian.id, reason: "Member asked, art. 17" }, staff),
      ).eraseMember;
      expect(first).to.deep.include({ memberId: belgian.id, status: "PENDING", pendingUnits: ["FR"] });
      expect(first.units).to.deep.equal(["AT", "BE", "DE", "ES", "HU", "IT", "NL", "SE", "central"]);
      expect(
        ok(await gateway.query(STATUS, { id: belgian.id }, await as({ role: "central_office" }))).erasureStatus,
      ).to.deep.equal({
        status: "PENDING",
        units: first.units,
        pendingUnits: ["FR"],
      });
      expect(
        await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM booking WHERE member_id = $1`, [belgian.id]),
      ).to.deep.equal([{ n: 2 }]);

      units.slowDown("FR", 0);
      const second = ok(
        await gateway.query(ERASE, { id: belgian.id, reason: "Member asked, art. 17" }, staff),
      ).eraseMember;
      expect(second).to.deep.include({ status: "DONE", pendingUnits: [], requestedAt: first.requestedAt });
      expect(second.units).to.deep.equal(["AT", "BE", "DE", "ES", "FR", "HU", "IT", "NL", "SE", "central"]);
      // Idempotent: again, the same receipt and nothing changes.
      expect(ok(await gateway.query(ERASE, { id: belgian.id, reason: "again" }, staff)).eraseMember).to.deep.equal(
        second,
      );

      // No personal field left in any unit's database, checked by SQL.
      const traces = [belgian.id, belgian.firstName, belgian.lastName, "BE.m1@example.org"];
      for (const unit of Object.keys(units.dataSources) as (keyof typeof units.dataSources)[]) {
        const ds = units.dataSources[unit];
        expect(await ds.query(`SELECT id FROM booking WHERE member_id = $1`, [belgian.id]), unit).to.deep.equal([]);
        const rows = await ds.query(
          `SELECT id, first_name, last_name, email, phone, search_name FROM member WHERE erased_at IS NOT NULL`,
        );
        for (const row of rows)
          for (const trace of traces.slice(1))
            expect(JSON.stringify({ ...row, id: undefined }), unit).not.to.contain(trace);
      }
      const [tombstone] = await units.dataSources.BE.query(
        `SELECT first_name, last_name, email, phone, status, active_in FROM member WHERE id = $1`,
        [belgian.id],
      );
      expect(tombstone).to.deep.include({
        first_name: "Erased",
        last_name: "member",
        phone: null,
        status: "LEFT",
        active_in: [],
      });
      expect(tombstone.email).to.match(/@erased\.invalid$/);
      // Bookings keep their seats: no availability changed.
      expect(await seats()).to.deep.equal(seatsBefore);
      expect(await availability()).to.deep.equal(availabilityBefore);
      const unlinked = await units.dataSources.FR.query(`SELECT member_id, status FROM booking WHERE id = ANY($1)`, [
        booked,
      ]);
      expect(unlinked.map((b: { member_id: string }) => b.member_id)).to.satisfy((ids: string[]) =>
        ids.every((id) => /^BE:erased-/.test(id)),
      );
      // Central data pseudonymised.
      expect(
        ok(await gateway.query(SIP, { id: belgian.id }, await as({ role: "central_office" }))).sipParticipations,
      ).to.deep.equal([]);
    });

    it("frees the email: BE staff register it again", async () => {
      const reply = await gateway.query(
        `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id email } }`,
        {
          input: {
            country: "BE",
            firstName: "New",
            lastName: "Person",
            email: "BE.m1@example.org",
            cityId: "BE:capital",
          },
        },
        await as({ role: "unit_staff", unit: "BE" }),
      );
      expect(ok(reply).registerMember.email).to.equal("BE.m1@example.org");
    });

    it("erasureStatus: NOT_FOUND for a member never erased, FORBIDDEN to another unit's staff", async () => {
      const none = await gateway.query(STATUS, { id: "BE:m2" }, await as({ role: "unit_staff", unit: "BE" }));
      expect(errorSummary(none).map((e) => e.code)).to.deep.equal(["NOT_FOUND"]);
      const other = await gateway.query(STATUS, { id: belgian.id }, await as({ role: "unit_staff", unit: "FR" }));
      expect(errorSummary(other).map((e) => e.code)).to.deep.equal(["FORBIDDEN"]);
    });
  });
});
