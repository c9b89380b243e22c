import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { testIdentity, tokenFor, type PersonViewer } from "@smart/identity/testing";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

const PER_UNIT = 12;
const members = testMembers(PER_UNIT);

/**
 * Counts of people, not rows (issue 23). Members move (BE → FR twice, DE → AT), are erased
 * (BE, FR) and leave (BE): every European figure then names each current member once, in
 * the unit they belong to now, and agrees with a count of distinct people in the nine
 * databases. Before, a moved member was counted in the unit they left (their tombstone)
 * and in the one they joined, and every figure counted those who left without saying so.
 */
describe("gateway > European numbers: people counted once, tombstones in no list, count or statistic (nine real units, real central)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;

  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const office = () => as({ role: "central_office" });
  const ok = (reply: GraphqlReply) => {
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    return reply.body.data;
  };

  /**
   * Current members (ACTIVE, SUSPENDED) who are people of the unit (no tombstone; a member still arriving by a
   * transfer is the unit's they leave), by SQL in each unit's own database; and the distinct people across Europe,
   * by email among every live row, whatever the units count (a member in the middle of a transfer has a live row in both).
   */
  const peopleBySql = async () => {
    const perUnit = {} as Record<FoundingUnit, number>;
    const emails = new Set<string>();
    for (const unit of FOUNDING_UNITS) {
      const rows: { email: string }[] = await units.dataSources[unit].query(
        `SELECT lower(email) AS email FROM member WHERE moved_to IS NULL AND erased_at IS NULL AND NOT arriving AND status IN ('ACTIVE', 'SUSPENDED')`,
      );
      perUnit[unit] = rows.length;
      const live: { email: string }[] = await units.dataSources[unit].query(
        `SELECT lower(email) AS email FROM member WHERE moved_to IS NULL AND erased_at IS NULL AND status IN ('ACTIVE', 'SUSPENDED')`,
      );
      live.forEach((row) => emails.add(row.email));
    }
    return { perUnit, distinct: emails.size };
  };

  before(async function () {
    this.timeout(120_000);
    await testIdentity();
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    gateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 3000 });

    const TRANSFER = `mutation($id: ID!, $to: CountryCode!) { transferMember(memberId: $id, to: $to) { status } }`;
    for (const [id, to, staffOf] of [
      ["BE:m1", "FR", "BE"],
      ["BE:m2", "FR", "BE"],
      ["DE:m1", "AT", "DE"],
    ] as const) {
      expect(
        ok(await gateway.query(TRANSFER, { id, to }, await as({ role: "unit_staff", unit: staffOf }))).transferMember
          .status,
      ).to.equal("DONE");
    }
    const ERASE = `mutation($id: ID!) { eraseMember(memberId: $id, reason: "Member asked") { status } }`;
    for (const id of ["BE:m3", "FR:m4"])
      expect(ok(await gateway.query(ERASE, { id }, await office())).eraseMember.status).to.equal("DONE");
    const LEAVE = `mutation { updateMember(id: "BE:m5", input: { status: LEFT }) { id } }`;
    ok(await gateway.query(LEAVE, {}, await as({ role: "unit_staff", unit: "BE" })));
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });

  it("the SQL count of distinct people is what the moves, erasures and the leaver leave: 9 × 12 − 2 erased − 1 left", async () => {
    const { perUnit, distinct } = await peopleBySql();
    expect(distinct).to.equal(FOUNDING_UNITS.length * PER_UNIT - 3);
    expect(Object.values(perUnit).reduce((a, b) => a + b, 0)).to.equal(distinct);
    expect(perUnit).to.deep.include({ BE: PER_UNIT - 4, FR: PER_UNIT + 2 - 1, DE: PER_UNIT - 1, AT: PER_UNIT + 1 });
  });

  /** Every European figure of people, as `headers`' caller gets them, against the people in the databases. */
  const expectFiguresAgree = async (headers: Record<string, string>) => {
    const { perUnit, distinct } = await peopleBySql();
    const data = ok(
      await gateway.query(
        `{ countries { code memberCount } memberCount everyone: memberStats(groupBy: []) { count } }`,
        {},
        headers,
      ),
    );
    const byCountry = Object.fromEntries(
      data.countries.map((c: { code: FoundingUnit; memberCount: number }) => [c.code, c.memberCount]),
    );
    expect(
      Object.values<number>(byCountry).reduce((a, b) => a + b, 0),
      "countries { memberCount } summed",
    ).to.equal(distinct);
    expect(byCountry).to.deep.equal(perUnit);
    expect(data.memberCount).to.equal(distinct);
    expect(data.everyone).to.deep.equal([{ count: distinct }]);
    const perCountry = ok(
      await gateway.query(`{ memberStats(groupBy: [COUNTRY]) { country count } }`, {}, headers),
    ).memberStats;
    expect(
      Object.fromEntries(perCountry.map((g: { country: FoundingUnit; count: number }) => [g.country, g.count])),
    ).to.deep.equal(perUnit);
    return distinct;
  };

  for (const [label, viewer] of [
    ["the central office", { role: "central_office" }],
    ["an anonymous caller", null],
  ] as const) {
    it(`countries { memberCount } summed, memberCount Europe-wide and memberStats(groupBy: []) agree with the people, for ${label}`, async () => {
      await expectFiguresAgree(viewer ? await as(viewer) : {});
    });
  }

  it("BE's cities and statuses add up to BE's current members; those who left are counted only when asked for (status: LEFT), tombstones never", async () => {
    const data = ok(
      await gateway.query(
        `{ be: memberCount(country: BE) left: memberCount(country: BE, filter: { status: LEFT })
           cities(country: BE) { memberCount }
           statuses: memberStats(country: BE, groupBy: [STATUS]) { status count }
           leftStats: memberStats(country: BE, filter: { status: LEFT }, groupBy: [STATUS]) { status count } }`,
        {},
        await office(),
      ),
    );
    expect(data.be).to.equal(PER_UNIT - 4);
    expect(data.left).to.equal(1);
    expect(data.cities.reduce((sum: number, city: { memberCount: number }) => sum + city.memberCount, 0)).to.equal(
      PER_UNIT - 4,
    );
    expect(data.statuses).to.deep.equal([{ status: "ACTIVE", count: PER_UNIT - 4 }]);
    expect(data.leftStats).to.deep.equal([{ status: "LEFT", count: 1 }]);
  });

  it("lists no tombstone: BE's members are its current people; Europe-wide, each person once (the moved ones under their new ID)", async () => {
    const LIST = `query($country: CountryCode, $filter: MemberFilter, $after: String) {
      members(country: $country, filter: $filter, first: 100, after: $after) { edges { node { id displayName email } } pageInfo { hasNextPage endCursor } } }`;
    const all = async (variables: Record<string, unknown>) => {
      const nodes: { id: string; displayName: string; email: string }[] = [];
      let after: string | null = null;
      do {
        const page: {
          edges: { node: (typeof nodes)[number] }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        } = ok(await gateway.query(LIST, { ...variables, after }, await office())).members;
        nodes.push(...page.edges.map((edge) => edge.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return nodes;
    };
    const be = await all({ country: "BE" });
    expect(be.map((m) => m.id).sort()).to.deep.equal(
      members.BE.map((m) => m.id)
        .filter((id) => !["BE:m1", "BE:m2", "BE:m3", "BE:m5"].includes(id))
        .sort(),
    );
    expect(be.map((m) => m.displayName)).not.to.include.members(["Moved member", "Erased member"]);
    expect((await all({ country: "BE", filter: { status: "LEFT" } })).map((m) => m.id)).to.deep.equal(["BE:m5"]);
    const europe = await all({});
    expect(europe).to.have.length((await peopleBySql()).distinct);
    expect(new Set(europe.map((m) => m.email.toLowerCase())).size).to.equal(europe.length);
    expect(europe.map((m) => m.email)).to.include.members([
      "BE.m1@example.org",
      "BE.m2@example.org",
      "DE.m1@example.org",
    ]);
  });
  describe("a booking in another unit's workspace is checked in the member's own unit", () => {
    const BOOK = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id memberId workspace { id } } }`;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    let nonce = 0;
    const book = async (memberId: string, workspaceId: string) =>
      gateway.query(
        BOOK,
        { input: { workspaceId, memberId, date: day(7), idempotencyKey: `numbers-${++nonce}` } },
        await as({ role: "member", unit: memberId.slice(0, 2), sub: memberId }),
      );
    const bookingsIn = async (unit: FoundingUnit, memberId: string) =>
      (
        await units.dataSources[unit].query(`SELECT count(*)::int AS n FROM booking WHERE member_id = $1`, [memberId])
      )[0].n as number;

    it("a member who moved (BE:m1, to FR) books a DE desk under their new ID, with the token of their old one", async () => {
      const newId = ok(await gateway.query(`{ member(id: "BE:m1") { id } }`, {}, await office())).member.id as string;
      expect(newId).to.match(/^FR:m\d+$/);
      const booking = ok(await book("BE:m1", "DE:w1")).bookWorkspace;
      expect(booking).to.deep.include({ memberId: newId, workspace: { id: "DE:w1" } });
      expect([await bookingsIn("DE", newId), await bookingsIn("DE", "BE:m1")]).to.deep.equal([1, 0]);
    });

    it("an erased (BE:m3), departed (BE:m5) or unknown (BE:m999) member ID is NOT_FOUND, in the same words, and nothing is booked", async () => {
      const refusals: string[] = [];
      for (const memberId of ["BE:m3", "BE:m5", "BE:m999"]) {
        const reply = await book(memberId, "FR:w1");
        expect(reply.body.data ?? null, memberId).to.equal(null);
        expect(
          reply.body.errors?.map((e) => [e.extensions?.code, e.path]),
          memberId,
        ).to.deep.equal([["NOT_FOUND", ["bookWorkspace"]]]);
        refusals.push(reply.body.errors![0]!.message.replace(memberId, "<id>"));
        expect(await bookingsIn("FR", memberId), memberId).to.equal(0);
      }
      expect(new Set(refusals).size).to.equal(1);
    });

    it("a current member books abroad as before; a member may not learn, by booking for another, whether that one is a member (FORBIDDEN, unchecked)", async () => {
      expect(ok(await book("BE:m4", "FR:w1")).bookWorkspace).to.deep.include({ memberId: "BE:m4" });
      for (const other of ["BE:m3", "BE:m6"]) {
        const reply = await gateway.query(
          BOOK,
          { input: { workspaceId: "FR:w1", memberId: other, date: day(8), idempotencyKey: `numbers-${++nonce}` } },
          await as({ role: "member", unit: "BE", sub: "BE:m4" }),
        );
        expect(
          reply.body.errors?.map((e) => e.extensions?.code),
          other,
        ).to.deep.equal(["FORBIDDEN"]);
      }
    });
  });

  /**
   * A transfer stopped between its steps, as a gateway that dies or a unit that stops answering leaves it: the
   * unit a step is for does not answer (its request is dropped unprocessed), so the transfer stays PENDING there.
   * Last in this file: it moves BE:m6, BE:m7 and BE:m8 to FR.
   */
  describe("in the middle of a transfer", () => {
    let stopping: RunningGateway;
    /** The step (its operation's name) whose request to a unit is dropped: that unit stops answering. */
    let stopAt: { operation: string; unit: FoundingUnit } | null = null;
    const TRANSFER = `mutation($id: ID!) { transferMember(memberId: $id, to: FR) { status toId pendingUnits } }`;

    before(async () => {
      stopping = await startGateway(units.urls, {
        centralUrl: central.url,
        deadlineMs: 800,
        willSendUnitRequest: ({ unit, fetch }) => {
          if (stopAt?.unit === unit && fetch.request.query?.startsWith(`mutation ${stopAt.operation}(`))
            units.slowDown(unit, 2000);
        },
      });
    });
    after(async () => {
      for (const unit of FOUNDING_UNITS) units.slowDown(unit, 0);
      await stopping?.stop();
    });

    for (const [memberId, step, stopBefore, pendingUnits] of [
      ["BE:m6", "1, recorded in BE (FR does not answer step 2)", { operation: "ReceiveMember", unit: "FR" }, []],
      [
        "BE:m7",
        "2, registered in FR (BE does not answer step 3): a live row in both units",
        { operation: "CompleteMemberTransfer", unit: "BE" },
        [],
      ],
      [
        "BE:m8",
        "3, a tombstone in BE (FR does not answer the relinking)",
        { operation: "RelinkMemberBookings", unit: "FR" },
        ["FR"],
      ],
    ] as const) {
      it(`after step ${step}: every figure counts ${memberId} once, and once more when the transfer is resumed`, async () => {
        const staff = await as({ role: "unit_staff", unit: "BE" });
        const people = await expectFiguresAgree(await office());
        stopAt = stopBefore;
        const stopped = ok(await stopping.query(TRANSFER, { id: memberId }, staff)).transferMember;
        stopAt = null;
        for (const unit of FOUNDING_UNITS) units.slowDown(unit, 0);
        expect(stopped).to.deep.include({ status: "PENDING", pendingUnits });
        if (stopBefore.operation === "CompleteMemberTransfer") {
          // The state the figures once counted twice: the person is live in BE and registered in FR.
          const email = `${memberId.replace(":", ".")}@example.org`;
          const live = async (unit: FoundingUnit) =>
            (
              await units.dataSources[unit].query(
                `SELECT id FROM member WHERE lower(email) = lower($1) AND moved_to IS NULL`,
                [email],
              )
            ).length;
          expect([await live("BE"), await live("FR")]).to.deep.equal([1, 1]);
        }
        expect(await expectFiguresAgree(await office())).to.equal(people);
        await expectFiguresAgree({});

        expect(ok(await gateway.query(TRANSFER, { id: memberId }, staff)).transferMember).to.deep.include({
          status: "DONE",
          pendingUnits: [],
        });
        expect(await expectFiguresAgree(await office())).to.equal(people);
      });
    }
  });
});
