import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { expect } from "chai";
import { freePort, sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { errorSummary, startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { testIdentity, tokenFor, type PersonViewer } from "@smart/identity/testing";

const members = testMembers(10);
const FIRST_NEW_FR = members.FR.length + 1;

const TRANSFER = `mutation($id: ID!, $to: CountryCode!, $cityId: ID) {
  transferMember(memberId: $id, to: $to, cityId: $cityId) { status fromId toId to pendingUnits reason member { id displayName } }
}`;
const TRANSFER_STATUS = `query($id: ID!) { memberTransfer(memberId: $id) { status fromId toId pendingUnits reason } }`;
const MEMBER = `query($id: ID!) { member(id: $id) { id email shares category city { id } bookings { id memberId } } }`;
const BOOK = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id } }`;
const ERASE = `mutation($id: ID!) { eraseMember(memberId: $id, reason: "Member asked") { status pendingUnits } }`;
const ERASURE_STATUS = `query($id: ID!) { erasureStatus(memberId: $id) { status pendingUnits } }`;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const emailOf = (id: string) => `${id.replace(":", ".")}@example.org`;

describe("gateway > transferMember: moving a member to another unit (nine real units, real central, on Postgres)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;

  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const beStaff = () => as({ role: "unit_staff", unit: "BE" });
  const centralOffice = () => as({ role: "central_office" });
  const ok = (reply: GraphqlReply) => {
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    return reply.body.data;
  };
  const book = async (memberId: string, workspaceId: string, offset: number) =>
    ok(
      await gateway.query(
        BOOK,
        {
          input: {
            workspaceId,
            memberId,
            date: day(offset),
            idempotencyKey: `transfer-${memberId}-${workspaceId}-${offset}`,
          },
        },
        await as({ role: "member", unit: "BE", sub: memberId }),
      ),
    ).bookWorkspace.id as string;

  /** Every row in BE and FR that is this person, by SQL: the live ones have no `moved_to`. */
  const rowsOf = async (email: string, oldId: string) => {
    const rows: { unit: string; id: string; moved_to: string | null; status: string }[] = [];
    for (const unit of ["BE", "FR"] as const) {
      const found = await units.dataSources[unit].query(
        `SELECT id, moved_to, status FROM member WHERE lower(email) = lower($1) OR id = $2`,
        [email, oldId],
      );
      rows.push(...found.map((row: { id: string; moved_to: string | null; status: string }) => ({ unit, ...row })));
    }
    return rows;
  };
  const liveRowsOf = async (email: string, oldId: string) =>
    (await rowsOf(email, oldId)).filter((row) => row.moved_to === null && row.status !== "LEFT");

  before(async function () {
    this.timeout(120_000);
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    gateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 1500 });
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });
  afterEach(() => units.slowDown("FR", 0));

  it("moves BE:m1, booked in FR and BE, to FR: one live member, in FR; BE:m1 resolves to them; their bookings are listed under the new ID", async () => {
    const booked = [await book("BE:m1", "FR:w1", 2), await book("BE:m1", "BE:w1", 3)];
    const staff = await beStaff();
    const transfer = ok(
      await gateway.query(TRANSFER, { id: "BE:m1", to: "FR", cityId: "FR:harbour" }, staff),
    ).transferMember;
    const newId = `FR:m${FIRST_NEW_FR}`;
    const { firstName, lastName } = members.BE[0]!;
    expect(transfer).to.deep.equal({
      status: "DONE",
      fromId: "BE:m1",
      toId: newId,
      to: "FR",
      pendingUnits: [],
      reason: null,
      member: { id: newId, displayName: `${firstName} ${lastName}` },
    });

    // Staff of FR (their unit now) read the record; a Belgian share is a yearly fee: no capital to carry over, they hold FR's one share.
    const resolved = ok(
      await gateway.query(MEMBER, { id: "BE:m1" }, await as({ role: "unit_staff", unit: "FR" })),
    ).member;
    expect(resolved).to.deep.include({
      id: newId,
      email: emailOf("BE:m1"),
      shares: 1,
      category: "A",
      city: { id: "FR:harbour" },
    });
    expect(resolved.bookings.map((b: { id: string }) => b.id)).to.deep.equal(booked);
    expect(resolved.bookings.map((b: { memberId: string }) => b.memberId)).to.deep.equal([newId, newId]);
    // The old ID written into the query text is followed too.
    expect(ok(await gateway.query(`{ member(id: "BE:m1") { id } }`, {}, await centralOffice())).member).to.deep.equal({
      id: newId,
    });

    // An export of the old ID is the member as FR holds them, with the bookings relinked to the new ID; BE's staff may no longer export them.
    const EXPORT = `query($id: ID!) { memberDataExport(memberId: $id) { member { id } bookings { id } } }`;
    const exported = ok(await gateway.query(EXPORT, { id: "BE:m1" }, await centralOffice())).memberDataExport;
    expect(exported.member).to.deep.equal({ id: newId });
    expect(exported.bookings.map((b: { id: string }) => b.id).sort()).to.deep.equal([...booked].sort());
    const refused = await gateway.query(EXPORT, { id: "BE:m1" }, staff);
    expect(refused.body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).to.deep.equal([
      "FORBIDDEN",
    ]);

    // Exactly one live member, in FR; BE keeps a tombstone pointing onward (SQL, both databases).
    expect(await liveRowsOf(emailOf("BE:m1"), "BE:m1")).to.deep.equal([
      { unit: "FR", id: newId, moved_to: null, status: "ACTIVE" },
    ]);
    // No personal data stays in BE: the tombstone keeps the share register's part, the step log forgot the member as they left.
    const [tombstone] = await units.dataSources.BE.query(
      `SELECT moved_to, status, email, phone, first_name, last_name, shares, joined_on::text FROM member WHERE id = 'BE:m1'`,
    );
    expect(tombstone).to.deep.equal({
      moved_to: newId,
      status: "LEFT",
      email: "BE.m1@moved.invalid",
      phone: null,
      first_name: "Moved",
      last_name: "member",
      shares: 1,
      joined_on: members.BE[0]!.joinedOn,
    });
    expect(
      await units.dataSources.BE.query(`SELECT snapshot FROM member_transfer WHERE member_id = 'BE:m1'`),
    ).to.deep.equal([{ snapshot: null }]);
    for (const unit of FOUNDING_UNITS)
      expect(
        await units.dataSources[unit].query(`SELECT id FROM booking WHERE member_id = 'BE:m1'`),
        unit,
      ).to.deep.equal([]);

    // Central's SIP working groups (seeded with BE:m1) name the new ID.
    const sip = `query($id: ID!) { sipParticipations(memberId: $id) { id } }`;
    expect(
      ok(await gateway.query(sip, { id: newId }, await centralOffice())).sipParticipations,
    ).to.have.length.greaterThan(0);
    expect(ok(await gateway.query(sip, { id: "BE:m1" }, await centralOffice())).sipParticipations).to.deep.equal([]);

    // Asking again changes nothing and answers the same.
    expect(ok(await gateway.query(TRANSFER, { id: "BE:m1", to: "FR" }, staff)).transferMember).to.deep.equal(transfer);
    expect(await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM member_arrival`)).to.deep.equal([{ n: 1 }]);
    expect(
      ok(await gateway.query(TRANSFER_STATUS, { id: "BE:m1" }, await centralOffice())).memberTransfer,
    ).to.deep.include({ status: "DONE", toId: newId });
  });

  it("two transfers of the same member at once end in one member in FR, both answering the same", async () => {
    const staff = await beStaff();
    const [a, b] = await Promise.all([
      gateway.query(TRANSFER, { id: "BE:m10", to: "FR" }, staff),
      gateway.query(TRANSFER, { id: "BE:m10", to: "FR" }, staff),
    ]);
    const [first, second] = [ok(a).transferMember, ok(b).transferMember];
    expect(first.toId).to.match(/^FR:m\d+$/);
    expect(second.toId).to.equal(first.toId);
    expect(await liveRowsOf(emailOf("BE:m10"), "BE:m10")).to.deep.equal([
      { unit: "FR", id: first.toId, moved_to: null, status: "ACTIVE" },
    ]);
    expect(
      await units.dataSources.BE.query(`SELECT count(*)::int AS n FROM member_transfer WHERE member_id = 'BE:m10'`),
    ).to.deep.equal([{ n: 1 }]);
  });

  it("at the BE unit itself the tombstone answers MEMBER_MOVED naming the new ID; a change through the old ID is refused with it", async () => {
    const direct = await fetch(units.urls.BE, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await beStaff()) },
      body: JSON.stringify({ query: `{ member(id: "BE:m1") { id } }` }),
    });
    const body = (await direct.json()) as GraphqlReply["body"];
    expect(body.errors?.[0]?.extensions).to.deep.include({
      code: "MEMBER_MOVED",
      memberId: "BE:m1",
      movedTo: `FR:m${FIRST_NEW_FR}`,
    });
    const update = await gateway.query(
      `mutation { updateMember(id: "BE:m1", input: { phone: "+32 2 123 45 67" }) { id } }`,
      {},
      await beStaff(),
    );
    expect(errorSummary(update).map((e) => e.code)).to.deep.equal(["CONFLICT"]);
  });

  it("gives the arriving member the shares the two units' share prices give, not what they held: 7 shares of FR's €20 are 2 of DE's €50", async () => {
    await units.dataSources.FR.query(`UPDATE member SET shares = 7 WHERE id = 'FR:m2'`);
    const moved = ok(
      await gateway.query(TRANSFER, { id: "FR:m2", to: "DE", cityId: null }, await centralOffice()),
    ).transferMember;
    expect(moved).to.deep.include({ status: "DONE", fromId: "FR:m2" });
    const [arrived] = await units.dataSources.DE.query(`SELECT shares FROM member WHERE id = $1`, [moved.toId]);
    expect(arrived).to.deep.equal({ shares: 2 });
  });

  it("is for staff of the member's unit and the central office; the units' steps are not in the European API", async () => {
    for (const [headers, code] of [
      [await as({ role: "unit_staff", unit: "FR" }), "FORBIDDEN"],
      [await as({ role: "member", unit: "BE", sub: "BE:m2" }), "FORBIDDEN"],
      [{}, "UNAUTHENTICATED"],
    ] as const) {
      const reply = await gateway.query(TRANSFER, { id: "BE:m2", to: "FR" }, headers);
      expect(errorSummary(reply).map((e) => e.code)).to.deep.equal([code]);
    }
    const steps = await gateway.query(
      `mutation { relinkMemberBookings(unit: FR, from: "BE:m2", to: "FR:m1") }`,
      {},
      await centralOffice(),
    );
    expect(errorSummary(steps).map((e) => e.code)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
    expect(
      await units.dataSources.BE.query(`SELECT count(*)::int AS n FROM member_transfer WHERE member_id = 'BE:m2'`),
    ).to.deep.equal([{ n: 0 }]);
    // Straight at FR, unsigned, even as FR's own staff: the target's step is the gateway's alone.
    const direct = await fetch(units.urls.FR, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await as({ role: "unit_staff", unit: "FR" })) },
      body: JSON.stringify({
        query: `mutation($input: ArrivingMemberInput!) { receiveMember(input: $input) }`,
        variables: {
          input: {
            country: "FR",
            transferId: "00000000-0000-4000-8000-000000000000",
            formerId: "BE:m2",
            firstName: "Forged",
            lastName: "Arrival",
            email: "forged@example.org",
            category: "A",
            status: "ACTIVE",
            shares: 1,
            activeIn: [],
            joinedOn: "2020-01-01",
          },
        },
      }),
    });
    expect(((await direct.json()) as GraphqlReply["body"]).errors?.map((e) => e.extensions?.code)).to.deep.equal([
      "FORBIDDEN",
    ]);
    expect(
      await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM member WHERE email = 'forged@example.org'`),
    ).to.deep.equal([{ n: 0 }]);
  });

  it("refuses, changing nothing: the same unit, permanent staff (BAD_USER_INPUT); an email FR already has (CONFLICT, the transfer FAILED with why)", async () => {
    const staff = await beStaff();
    expect(
      errorSummary(await gateway.query(TRANSFER, { id: "BE:m2", to: "BE" }, staff)).map((e) => e.code),
    ).to.deep.equal(["BAD_USER_INPUT"]);
    await units.dataSources.BE.query(`UPDATE member SET category = 'B' WHERE id = 'BE:m2'`);
    const staffMember = await gateway.query(TRANSFER, { id: "BE:m2", to: "FR" }, staff);
    expect(errorSummary(staffMember).map((e) => e.code)).to.deep.equal(["BAD_USER_INPUT"]);
    expect(staffMember.body.errors![0]!.message).to.match(/permanent staff/);
    expect(
      await units.dataSources.BE.query(`SELECT count(*)::int AS n FROM member_transfer WHERE member_id = 'BE:m2'`),
    ).to.deep.equal([{ n: 0 }]);

    const holder = ok(
      await gateway.query(
        `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
        {
          input: {
            country: "FR",
            firstName: "Homonyme",
            lastName: "Déjà",
            email: emailOf("BE:m3"),
            cityId: "FR:capital",
          },
        },
        await as({ role: "unit_staff", unit: "FR" }),
      ),
    ).registerMember.id as string;
    const frBefore = await units.dataSources.FR.query(`SELECT id FROM member ORDER BY id`);
    // A city FR does not have is refused first: nothing of FR's members is read for an input that was wrong anyway.
    const nowhere = await gateway.query(TRANSFER, { id: "BE:m3", to: "FR", cityId: "FR:nowhere" }, staff);
    expect(errorSummary(nowhere).map((e) => e.code)).to.deep.equal(["BAD_USER_INPUT"]);
    expect(nowhere.body.errors![0]!.message).to.match(/cityId: no city "FR:nowhere"/);
    const taken = await gateway.query(TRANSFER, { id: "BE:m3", to: "FR" }, staff);
    expect(errorSummary(taken).map((e) => e.code)).to.deep.equal(["CONFLICT"]);
    // The refusal names no one of FR's and no address: not the member FR holds, not the email.
    const reason = ok(await gateway.query(TRANSFER_STATUS, { id: "BE:m3" }, staff)).memberTransfer.reason as string;
    for (const message of [taken.body.errors![0]!.message, reason]) {
      expect(message).to.contain("email address is in use there");
      expect(message)
        .not.to.contain("@")
        .and.not.to.contain(holder)
        .and.not.to.match(/FR:m\d/);
    }
    expect(ok(await gateway.query(TRANSFER_STATUS, { id: "BE:m3" }, staff)).memberTransfer).to.deep.include({
      status: "FAILED",
      toId: null,
    });
    expect(await units.dataSources.FR.query(`SELECT id FROM member ORDER BY id`)).to.deep.equal(frBefore);
    expect(
      await units.dataSources.BE.query(`SELECT status, moved_to, email FROM member WHERE id = 'BE:m3'`),
    ).to.deep.equal([{ status: "ACTIVE", moved_to: null, email: emailOf("BE:m3") }]);
    // No longer moving: the member's record can change again.
    ok(
      await gateway.query(
        `mutation { updateMember(id: "BE:m3", input: { phone: "+32 2 555 00 00" }) { id } }`,
        {},
        staff,
      ),
    );
  });

  describe("a coordinating gateway killed (SIGKILL) after each step, then resumed", () => {
    const gatewayEntry = path.resolve(import.meta.dirname, "../index.ts");
    const children: ChildProcess[] = [];
    after(() => children.forEach((child) => child.exitCode === null && child.kill("SIGKILL")));

    /** The real gateway (src/index.ts), in its own process, over the same units and central. */
    async function spawnGateway(env: Record<string, string>) {
      const identity = await testIdentity();
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", gatewayEntry], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: {
          ...process.env,
          NODE_ENV: "development",
          LOG_LEVEL: "info",
          AUTH_ISSUER: identity.issuer,
          AUTH_JWKS_URI: identity.jwksUri,
          HOST: "127.0.0.1",
          PORT: String(port),
          CENTRAL_URL: central.url,
          SHARD_DEADLINE_MS: "5000",
          ...Object.fromEntries(FOUNDING_UNITS.map((code) => [`UNIT_URL_${code}`, units.urls[code]])),
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      const logs: string[] = [];
      const lines = readline.createInterface({ input: child.stdout });
      lines.on("line", (line) => logs.push(line));
      child.stderr.on("data", (chunk) => logs.push(String(chunk)));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once("exit", (_code, signal) => resolve(signal)),
      );
      const logged = (text: string) =>
        new Promise<void>((resolve, reject) => {
          if (logs.some((line) => line.includes(text))) return resolve();
          lines.on("line", (line) => line.includes(text) && resolve());
          void exited.then(() => reject(new Error(`exited before logging ${text}:\n${logs.join("\n")}`)));
        });
      for (let attempt = 0; ; attempt++) {
        if (
          await fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        if (child.exitCode !== null || attempt > 1200)
          throw new Error(`the gateway did not start:\n${logs.join("\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const query = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
      return { child, exited, logged, query };
    }

    /** What the databases hold right after the kill at each step: never no member, never a second live one the old ID does not lead to. */
    const expectedAfterKill: Record<
      number,
      {
        rows: (rows: Awaited<ReturnType<typeof rowsOf>>, memberId: string) => void;
        step: string;
        frBookingsUnderOldId: number;
      }
    > = {
      // 1: recorded, the member moving; still the BE member alone.
      1: {
        rows: (rows, id) => expect(rows.map((r) => [r.unit, r.id, r.moved_to])).to.deep.equal([["BE", id, null]]),
        step: "REQUESTED",
        frBookingsUnderOldId: 1,
      },
      // 2: FR registered them; BE has not yet pointed onward (the old ID is still the BE member).
      2: {
        rows: (rows, id) =>
          expect(rows.map((r) => [r.unit, r.unit === "BE" ? r.id : "new", r.moved_to])).to.deep.equal([
            ["BE", id, null],
            ["FR", "new", null],
          ]),
        step: "REQUESTED",
        frBookingsUnderOldId: 1,
      },
      // 3: BE's row is a tombstone pointing to the FR member; bookings not yet relinked.
      3: {
        rows: (rows) =>
          expect(rows.map((r) => [r.unit, r.moved_to])).to.deep.equal([
            ["BE", rows[1]!.id],
            ["FR", null],
          ]),
        step: "MOVED",
        frBookingsUnderOldId: 1,
      },
      // 4: bookings relinked, not yet recorded as done.
      4: {
        rows: (rows) =>
          expect(rows.map((r) => [r.unit, r.moved_to])).to.deep.equal([
            ["BE", rows[1]!.id],
            ["FR", null],
          ]),
        step: "MOVED",
        frBookingsUnderOldId: 0,
      },
    };

    for (const step of [1, 2, 3, 4]) {
      const memberId = `BE:m${3 + step}`;
      const resumedBy = step % 2 ? "calling transferMember again" : "a restarted gateway's retry worker, at start";
      it(`killed after step ${step}: ${memberId} is resumed by ${resumedBy} to exactly one live member, in FR, that ${memberId} resolves to`, async function () {
        this.timeout(180_000);
        const bookings = [await book(memberId, "FR:w1", 10 + step), await book(memberId, "BE:w1", 10 + step)];
        const crashing = await spawnGateway({
          TRANSFER_CRASH_AFTER_STEP: String(step),
          MEMBER_RIGHTS_RETRY_SECONDS: "3600",
        });
        const reply = await crashing.query(TRANSFER, { id: memberId, to: "FR" }, await beStaff()).then(
          () => "answered",
          () => "connection lost",
        );
        expect(reply).to.equal("connection lost");
        expect(await crashing.exited).to.equal("SIGKILL");
        const expected = expectedAfterKill[step]!;
        expected.rows(await rowsOf(emailOf(memberId), memberId), memberId);
        expect(
          await units.dataSources.BE.query(`SELECT step FROM member_transfer WHERE member_id = $1`, [memberId]),
        ).to.deep.equal([{ step: expected.step }]);
        expect(
          await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM booking WHERE member_id = $1`, [memberId]),
        ).to.deep.equal([{ n: expected.frBookingsUnderOldId }]);
        expect(
          ok(await gateway.query(TRANSFER_STATUS, { id: memberId }, await beStaff())).memberTransfer.status,
        ).to.equal("PENDING");
        if (step === 3) {
          // Its FR booking still names the old ID: the booking's member (an entity fetched from BE, a tombstone) is followed to FR.
          // (Its `id` is the key the booking gave, the old ID, until the bookings are relinked.)
          const { firstName, lastName } = members.BE[2 + step]!;
          const booking = ok(
            await gateway.query(
              `query($id: ID!) { booking(id: $id) { memberId member { displayName } } }`,
              { id: bookings[0] },
              await centralOffice(),
            ),
          ).booking;
          expect(booking).to.deep.equal({ memberId, member: { displayName: `${firstName} ${lastName}` } });
        }

        if (step % 2) {
          expect(
            ok(await gateway.query(TRANSFER, { id: memberId, to: "FR" }, await beStaff())).transferMember.status,
          ).to.equal("DONE");
        } else {
          const restarted = await spawnGateway({ MEMBER_RIGHTS_RETRY_SECONDS: "3600" });
          await restarted.logged(`"memberId":"${memberId}","status":"DONE"`);
          restarted.child.kill("SIGTERM");
          await restarted.exited;
        }

        const status = ok(await gateway.query(TRANSFER_STATUS, { id: memberId }, await beStaff())).memberTransfer;
        expect(status).to.deep.include({ status: "DONE", fromId: memberId, pendingUnits: [] });
        expect(await liveRowsOf(emailOf(memberId), memberId)).to.deep.equal([
          { unit: "FR", id: status.toId, moved_to: null, status: "ACTIVE" },
        ]);
        expect(
          await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM member WHERE lower(email) = lower($1)`, [
            emailOf(memberId),
          ]),
        ).to.deep.equal([{ n: 1 }]);
        expect(
          await units.dataSources.FR.query(`SELECT member_id FROM member_arrival WHERE former_id = $1`, [memberId]),
        ).to.deep.equal([{ member_id: status.toId }]);
        const resolved = ok(await gateway.query(MEMBER, { id: memberId }, await centralOffice())).member;
        expect(resolved.id).to.equal(status.toId);
        expect(resolved.bookings.map((b: { id: string }) => b.id).sort()).to.deep.equal([...bookings].sort());
      });
    }
  });

  it("the retry worker finishes an erasure and a transfer left PENDING by a unit that was down, without another call", async function () {
    this.timeout(120_000);
    await book("BE:m9", "FR:w1", 20);
    units.slowDown("FR", 2500);
    const erasure = ok(await gateway.query(ERASE, { id: "BE:m9" }, await beStaff())).eraseMember;
    expect(erasure).to.deep.equal({ status: "PENDING", pendingUnits: ["FR"] });
    expect(
      await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM booking WHERE member_id = 'BE:m9'`),
    ).to.deep.equal([{ n: 1 }]);
    const transfer = ok(await gateway.query(TRANSFER, { id: "BE:m8", to: "FR" }, await beStaff())).transferMember;
    expect(transfer).to.deep.include({ status: "PENDING", fromId: "BE:m8", toId: null });
    expect(await liveRowsOf(emailOf("BE:m8"), "BE:m8")).to.have.length.greaterThan(0);
    units.slowDown("FR", 0);

    const worker = await startGateway(units.urls, {
      centralUrl: central.url,
      deadlineMs: 1000,
      memberRightsRetrySeconds: 0.2,
    });
    try {
      let [erasureNow, transferNow] = [erasure, transfer];
      for (
        let round = 0;
        round < 300 && (erasureNow.status === "PENDING" || transferNow.status === "PENDING");
        round++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        erasureNow = ok(await gateway.query(ERASURE_STATUS, { id: "BE:m9" }, await beStaff())).erasureStatus;
        transferNow = ok(await gateway.query(TRANSFER_STATUS, { id: "BE:m8" }, await beStaff())).memberTransfer;
      }
      expect(erasureNow).to.deep.equal({ status: "DONE", pendingUnits: [] });
      expect(
        await units.dataSources.FR.query(`SELECT count(*)::int AS n FROM booking WHERE member_id = 'BE:m9'`),
      ).to.deep.equal([{ n: 0 }]);
      expect(transferNow).to.deep.include({ status: "DONE", pendingUnits: [] });
      expect(await liveRowsOf(emailOf("BE:m8"), "BE:m8")).to.deep.equal([
        { unit: "FR", id: transferNow.toId, moved_to: null, status: "ACTIVE" },
      ]);
    } finally {
      await worker.stop();
    }
  });
});
