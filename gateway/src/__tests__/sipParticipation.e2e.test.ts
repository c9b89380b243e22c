import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { errorSummary, startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

const members = testMembers(4);

const OPEN_CYCLE = `mutation($input: OpenSipCycleInput!) { openSipCycle(input: $input) { id year status } }`;
const CLOSE_CYCLE = `mutation($id: ID!) { closeSipCycle(cycleId: $id) { id status } }`;
const OPEN_GROUP = `mutation($input: OpenWorkingGroupInput!) { openWorkingGroup(input: $input) { id topic city { id } cycle { id status } participantCount } }`;
const JOIN = `mutation($id: ID!) { joinWorkingGroup(workingGroupId: $id) { id participantCount participants { id } } }`;
const LEAVE = `mutation($id: ID!) { leaveWorkingGroup(workingGroupId: $id) { id participantCount participants { id } } }`;
const PROPOSE = `mutation($id: ID!, $title: String!) { proposeRecommendation(workingGroupId: $id, title: $title) { id title status supportCount workingGroup { id } cycle { id } } }`;
const SUPPORT = `mutation($id: ID!) { supportRecommendation(recommendationId: $id) { id supportCount } }`;
const SET_STATUS = `mutation($id: ID!, $status: RecommendationStatus!) { setRecommendationStatus(recommendationId: $id, status: $status) { id status } }`;
const PARTICIPATIONS = `query($id: ID!) { sipParticipations(memberId: $id) { id } }`;
const ERASE = `mutation($id: ID!) { eraseMember(memberId: $id, reason: "Asked to be forgotten") { status pendingUnits } }`;
const TRANSFER = `mutation($id: ID!, $to: CountryCode!) { transferMember(memberId: $id, to: $to) { status toId } }`;
const INDICATORS = `{ currentSipCycle { id } assembly(id: "EU:ga-2023") { budgetPriorities { indicators { key value } } } }`;

/** What central holds of Smart In Progress: a refusal must leave it as it was. */
const CENTRAL_ROWS = `SELECT
  (SELECT count(*) FROM sip_cycle)::int AS cycles,
  (SELECT string_agg(id || '=' || status, ',' ORDER BY id) FROM sip_cycle WHERE year >= 2025) AS statuses,
  (SELECT count(*) FROM working_group)::int AS groups,
  (SELECT count(*) FROM working_group_participant)::int AS participants,
  (SELECT count(*) FROM recommendation)::int AS recommendations,
  (SELECT string_agg(id || '=' || status, ',' ORDER BY id) FROM recommendation WHERE id LIKE 'EU:rec-%') AS proposed,
  (SELECT count(*) FROM recommendation_support)::int AS supports`;

describe("gateway > Smart In Progress: working groups across borders, recommendations (nine real units, real central, on Postgres)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;
  let lyon: string;
  let brussels: string;
  let proposal: string;

  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const member = (id: string) => as({ role: "member", unit: id.slice(0, 2), sub: id });
  const office = () => as({ role: "central_office" });
  const ok = (reply: GraphqlReply) => {
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    return reply.body.data;
  };
  const centralRows = async () => (await central.dataSource.query(CENTRAL_ROWS))[0];
  /** The member's groups of this test's cycle (the seed has them in earlier cycles too). */
  const participationsOf = async (id: string) =>
    (
      ok(await gateway.query(PARTICIPATIONS, { id }, await office())).sipParticipations.map(
        (group: { id: string }) => group.id,
      ) as string[]
    ).filter((group) => group === lyon || group === brussels);
  const indicators = async () => {
    const data = ok(await gateway.query(INDICATORS));
    const all: { key: string; value: number | null }[] = data.assembly.budgetPriorities.flatMap(
      (p: { indicators: unknown[] }) => p.indicators,
    );
    return Object.fromEntries(all.filter((i) => i.key.startsWith("sip.current.")).map((i) => [i.key, i.value]));
  };

  before(async function () {
    this.timeout(120_000);
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    gateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 3000 });
    await units.dataSources.BE.query(`UPDATE member SET status = 'LEFT' WHERE id = 'BE:m4'`);
    await units.dataSources.FR.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = 'FR:m4'`);
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });

  // Suites run in order (a suite's own tests before its nested ones): the cycle opens, is used, refused into, left and closed.
  describe("a cycle, its groups, its recommendations", () => {
    it("the central office opens a cycle and groups in any unit's cities: one open cycle, the current one", async () => {
      const cycle = ok(
        await gateway.query(OPEN_CYCLE, { input: { year: 2026, theme: "Working across borders" } }, await office()),
      ).openSipCycle;
      expect(cycle).to.deep.equal({ id: "EU:sip-2026", year: 2026, status: "OPEN" });
      const group = ok(
        await gateway.query(
          OPEN_GROUP,
          { input: { cycleId: cycle.id, cityId: "FR:capital", topic: "Shared tools" } },
          await office(),
        ),
      );
      expect(group.openWorkingGroup).to.deep.include({
        topic: "Shared tools",
        city: { id: "FR:capital" },
        cycle: { id: "EU:sip-2026", status: "OPEN" },
        participantCount: 0,
      });
      lyon = group.openWorkingGroup.id;
      brussels = ok(
        await gateway.query(
          OPEN_GROUP,
          { input: { cycleId: cycle.id, cityId: "BE:harbour", topic: "Desks" } },
          await office(),
        ),
      ).openWorkingGroup.id;
      expect(ok(await gateway.query(`{ currentSipCycle { id workingGroups { id } } }`)).currentSipCycle).to.deep.equal({
        id: "EU:sip-2026",
        workingGroups: [{ id: brussels }, { id: lyon }],
      });
    });

    it("a BE member joins the Lyon group: participants, participantCount, sipParticipations and the current cycle's indicators change at once", async () => {
      const before = await indicators();
      expect(before["sip.current.participants"]).to.equal(0);
      const joined = ok(await gateway.query(JOIN, { id: lyon }, await member("BE:m1"))).joinWorkingGroup;
      expect(joined).to.deep.equal({ id: lyon, participantCount: 1, participants: [{ id: "BE:m1" }] });
      expect(await participationsOf("BE:m1")).to.deep.equal([lyon]);
      // A suspended member is still a current member; joining twice changes nothing.
      ok(await gateway.query(JOIN, { id: lyon }, await member("FR:m4")));
      const again = ok(await gateway.query(JOIN, { id: lyon }, await member("BE:m1"))).joinWorkingGroup;
      expect(again.participants).to.deep.equal([{ id: "BE:m1" }, { id: "FR:m4" }]);
      ok(await gateway.query(JOIN, { id: brussels }, await member("BE:m1")));
      const after = await indicators();
      expect(after).to.deep.include({
        "sip.current.participants": 2,
        "sip.current.participants.BE": 1,
        "sip.current.participants.FR": 1,
        "sip.current.participants.DE": 0,
      });
    });

    it("a member leaves a group for themself; leaving again changes nothing", async () => {
      ok(await gateway.query(JOIN, { id: lyon }, await member("DE:m1")));
      const left = ok(await gateway.query(LEAVE, { id: lyon }, await member("DE:m1"))).leaveWorkingGroup;
      expect(left.participants).to.deep.equal([{ id: "BE:m1" }, { id: "FR:m4" }]);
      expect(
        ok(await gateway.query(LEAVE, { id: lyon }, await member("DE:m1"))).leaveWorkingGroup.participantCount,
      ).to.equal(2);
      expect(await participationsOf("DE:m1")).to.deep.equal([]);
    });

    it("a participant proposes; any member supports once (supportCount), which their data export lists; the central office decides", async () => {
      const proposed = ok(
        await gateway.query(PROPOSE, { id: lyon, title: "  One booking tool for every unit  " }, await member("BE:m1")),
      ).proposeRecommendation;
      expect(proposed).to.deep.include({
        title: "One booking tool for every unit",
        status: "PROPOSED",
        supportCount: 0,
        workingGroup: { id: lyon },
        cycle: { id: "EU:sip-2026" },
      });
      proposal = proposed.id;
      expect(
        ok(await gateway.query(SUPPORT, { id: proposal }, await member("IT:m1"))).supportRecommendation.supportCount,
      ).to.equal(1);
      expect(
        ok(await gateway.query(SUPPORT, { id: proposal }, await member("BE:m1"))).supportRecommendation.supportCount,
      ).to.equal(2);
      const second = await gateway.query(SUPPORT, { id: proposal }, await member("IT:m1"));
      expect(errorSummary(second)).to.deep.equal([{ code: "CONFLICT", path: ["supportRecommendation"] }]);
      const exported = ok(
        await gateway.query(
          `query($id: ID!) { memberDataExport(memberId: $id) { sipSupports { recommendationId title cycleYear } json } }`,
          { id: "IT:m1" },
          await member("IT:m1"),
        ),
      ).memberDataExport;
      expect(exported.sipSupports).to.deep.equal([
        { recommendationId: proposal, title: "One booking tool for every unit", cycleYear: 2026 },
      ]);
      expect(exported.json.sipSupports).to.deep.equal(exported.sipSupports);
      const decided = ok(
        await gateway.query(SET_STATUS, { id: proposal, status: "IN_PROGRESS" }, await office()),
      ).setRecommendationStatus;
      expect(decided).to.deep.equal({ id: proposal, status: "IN_PROGRESS" });
    });

    it("ten concurrent supports by one member count once", async () => {
      const headers = await member("NL:m1");
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => gateway.query(SUPPORT, { id: proposal }, headers)),
      );
      expect(replies.filter((reply) => !reply.body.errors).length).to.equal(1);
      expect(replies.flatMap((reply) => errorSummary(reply).map((error) => error.code))).to.deep.equal(
        Array(9).fill("CONFLICT"),
      );
      const [row] = await central.dataSource.query(
        `SELECT count(*)::int AS n FROM recommendation_support WHERE recommendation_id = $1 AND member_id = 'NL:m1'`,
        [proposal],
      );
      expect(row.n).to.equal(1);
    });
  });

  describe("refusals: the right code, nothing written", () => {
    const cases: {
      name: string;
      query: string;
      variables: () => Record<string, unknown>;
      caller: () => Promise<Record<string, string>>;
      code: string;
    }[] = [
      {
        name: "join, anonymous",
        query: JOIN,
        variables: () => ({ id: lyon }),
        caller: async () => ({}),
        code: "UNAUTHENTICATED",
      },
      {
        name: "join, staff for a member",
        query: JOIN,
        variables: () => ({ id: lyon }),
        caller: () => as({ role: "unit_staff", unit: "BE" }),
        code: "FORBIDDEN",
      },
      {
        name: "join, the central office",
        query: JOIN,
        variables: () => ({ id: lyon }),
        caller: office,
        code: "FORBIDDEN",
      },
      {
        name: "join, a member who left",
        query: JOIN,
        variables: () => ({ id: lyon }),
        caller: () => member("BE:m4"),
        code: "FORBIDDEN",
      },
      {
        name: "join, an ID no unit has",
        query: JOIN,
        variables: () => ({ id: lyon }),
        caller: () => member("BE:m99"),
        code: "FORBIDDEN",
      },
      {
        name: "join, an unknown group",
        query: JOIN,
        variables: () => ({ id: "EU:wg-none" }),
        caller: () => member("BE:m2"),
        code: "NOT_FOUND",
      },
      {
        name: "join, not a central ID",
        query: JOIN,
        variables: () => ({ id: "lyon" }),
        caller: () => member("BE:m2"),
        code: "BAD_USER_INPUT",
      },
      {
        name: "join, a closed cycle's group",
        query: JOIN,
        variables: () => ({ id: "EU:sip-2025-wg1" }),
        caller: () => member("BE:m2"),
        code: "CONFLICT",
      },
      {
        name: "leave, staff",
        query: LEAVE,
        variables: () => ({ id: lyon }),
        caller: () => as({ role: "unit_staff", unit: "BE" }),
        code: "FORBIDDEN",
      },
      {
        name: "leave, a closed cycle's group",
        query: LEAVE,
        variables: () => ({ id: "EU:sip-2025-wg1" }),
        caller: () => member("BE:m1"),
        code: "CONFLICT",
      },
      {
        name: "propose outside one's group",
        query: PROPOSE,
        variables: () => ({ id: brussels, title: "More desks" }),
        caller: () => member("FR:m4"),
        code: "FORBIDDEN",
      },
      {
        name: "propose, empty title",
        query: PROPOSE,
        variables: () => ({ id: lyon, title: "   " }),
        caller: () => member("BE:m1"),
        code: "BAD_USER_INPUT",
      },
      {
        name: "propose, a closed cycle's group",
        query: PROPOSE,
        variables: () => ({ id: "EU:sip-2025-wg1", title: "x" }),
        caller: () => member("BE:m1"),
        code: "CONFLICT",
      },
      {
        name: "support, unknown",
        query: SUPPORT,
        variables: () => ({ id: "EU:rec-none" }),
        caller: () => member("BE:m2"),
        code: "NOT_FOUND",
      },
      {
        name: "support, a closed cycle's",
        query: SUPPORT,
        variables: () => ({ id: "EU:sip-2025-rec1" }),
        caller: () => member("BE:m2"),
        code: "CONFLICT",
      },
      {
        name: "support, staff for a member",
        query: SUPPORT,
        variables: () => ({ id: proposal }),
        caller: () => as({ role: "unit_staff", unit: "IT" }),
        code: "FORBIDDEN",
      },
      {
        name: "open a cycle while one is open",
        query: OPEN_CYCLE,
        variables: () => ({ input: { year: 2027, theme: "Next" } }),
        caller: office,
        code: "CONFLICT",
      },
      {
        name: "open a cycle, staff",
        query: OPEN_CYCLE,
        variables: () => ({ input: { year: 2027, theme: "Next" } }),
        caller: () => as({ role: "unit_staff", unit: "BE" }),
        code: "FORBIDDEN",
      },
      {
        name: "open a cycle, year 1999",
        query: OPEN_CYCLE,
        variables: () => ({ input: { year: 1999, theme: "Past" } }),
        caller: office,
        code: "BAD_USER_INPUT",
      },
      {
        name: "open a group, a member",
        query: OPEN_GROUP,
        variables: () => ({ input: { cycleId: "EU:sip-2026", cityId: "FR:harbour", topic: "x" } }),
        caller: () => member("FR:m1"),
        code: "FORBIDDEN",
      },
      {
        name: "open a group, unknown city",
        query: OPEN_GROUP,
        variables: () => ({ input: { cycleId: "EU:sip-2026", cityId: "FR:atlantis", topic: "x" } }),
        caller: office,
        code: "NOT_FOUND",
      },
      {
        name: "open a group, not a city ID",
        query: OPEN_GROUP,
        variables: () => ({ input: { cycleId: "EU:sip-2026", cityId: "atlantis", topic: "x" } }),
        caller: office,
        code: "BAD_USER_INPUT",
      },
      {
        name: "open a group, unknown cycle",
        query: OPEN_GROUP,
        variables: () => ({ input: { cycleId: "EU:sip-2030", cityId: "FR:harbour", topic: "x" } }),
        caller: office,
        code: "NOT_FOUND",
      },
      {
        name: "open a group, closed cycle",
        query: OPEN_GROUP,
        variables: () => ({ input: { cycleId: "EU:sip-2025", cityId: "FR:harbour", topic: "x" } }),
        caller: office,
        code: "CONFLICT",
      },
      {
        name: "open a group, its topic twice",
        query: OPEN_GROUP,
        variables: () => ({ input: { cycleId: "EU:sip-2026", cityId: "FR:capital", topic: "Shared tools" } }),
        caller: office,
        code: "CONFLICT",
      },
      {
        name: "set a status, a member",
        query: SET_STATUS,
        variables: () => ({ id: proposal, status: "DONE" }),
        caller: () => member("BE:m1"),
        code: "FORBIDDEN",
      },
      {
        name: "set a status, unknown",
        query: SET_STATUS,
        variables: () => ({ id: "EU:rec-none", status: "DONE" }),
        caller: office,
        code: "NOT_FOUND",
      },
      {
        name: "close a cycle, staff",
        query: CLOSE_CYCLE,
        variables: () => ({ id: "EU:sip-2026" }),
        caller: () => as({ role: "unit_staff", unit: "FR" }),
        code: "FORBIDDEN",
      },
      {
        name: "close a cycle, unknown",
        query: CLOSE_CYCLE,
        variables: () => ({ id: "EU:sip-2030" }),
        caller: office,
        code: "NOT_FOUND",
      },
    ];
    for (const { name, query, variables, caller, code } of cases) {
      it(`${name}: ${code}`, async () => {
        const before = await centralRows();
        const reply = await gateway.query(query, variables(), await caller());
        expect(reply.status).to.be.lessThan(500);
        expect(errorSummary(reply).map((error) => error.code)).to.deep.equal([code]);
        expect(reply.body.data ?? null).to.equal(null);
        expect(await centralRows()).to.deep.equal(before);
      });
    }

    it("central's steps are not in the European API, and central refuses them unsigned", async () => {
      const step = await gateway.query(
        `mutation { addWorkingGroupParticipant(workingGroupId: "${lyon}") { id } }`,
        {},
        await member("BE:m2"),
      );
      expect(errorSummary(step).map((error) => error.code)).to.deep.equal(["GRAPHQL_VALIDATION_FAILED"]);
    });
  });

  describe("faults and departures, then the end of the cycle", () => {
    it("a member's unit that is down: SHARD_UNAVAILABLE naming it, nothing written", async () => {
      units.slowDown("SE", 5000);
      try {
        const before = await centralRows();
        const reply = await gateway.query(JOIN, { id: lyon }, await member("SE:m1"));
        expect(errorSummary(reply)).to.deep.equal([
          { code: "SHARD_UNAVAILABLE", unit: "SE", path: ["joinWorkingGroup"] },
        ]);
        expect(await centralRows()).to.deep.equal(before);
      } finally {
        units.slowDown("SE", 0);
      }
    });

    it("an erased member's participation and support name their pseudonym; their old token joins nothing", async () => {
      ok(await gateway.query(JOIN, { id: brussels }, await member("BE:m2")));
      ok(await gateway.query(SUPPORT, { id: proposal }, await member("BE:m2")));
      const erased = ok(
        await gateway.query(ERASE, { id: "BE:m2" }, await as({ role: "unit_staff", unit: "BE" })),
      ).eraseMember;
      expect(erased).to.deep.equal({ status: "DONE", pendingUnits: [] });
      const named = await central.dataSource.query(
        `SELECT member_id FROM working_group_participant WHERE member_id LIKE 'BE:%' AND working_group_id = $1
       UNION ALL SELECT member_id FROM recommendation_support WHERE member_id LIKE 'BE:%' AND recommendation_id = $2`,
        [brussels, proposal],
      );
      const ids = named.map((row: { member_id: string }) => row.member_id);
      expect(ids).to.not.include("BE:m2");
      expect(ids.filter((id: string) => /^BE:erased-/.test(id))).to.have.length(2);
      expect(
        errorSummary(await gateway.query(JOIN, { id: lyon }, await member("BE:m2"))).map((error) => error.code),
      ).to.deep.equal(["FORBIDDEN"]);
    });

    it("a member who moves keeps their groups and support under their new ID; their old ID joins nothing", async () => {
      ok(await gateway.query(JOIN, { id: brussels }, await member("FR:m3")));
      ok(await gateway.query(SUPPORT, { id: proposal }, await member("FR:m3")));
      const moved = ok(
        await gateway.query(TRANSFER, { id: "FR:m3", to: "BE" }, await as({ role: "unit_staff", unit: "FR" })),
      ).transferMember;
      expect(moved.status).to.equal("DONE");
      expect(await participationsOf(moved.toId)).to.deep.equal([brussels]);
      expect(await participationsOf("FR:m3")).to.deep.equal([]);
      const [support] = await central.dataSource.query(
        `SELECT count(*)::int AS n FROM recommendation_support WHERE member_id = $1`,
        [moved.toId],
      );
      expect(support.n).to.equal(1);
      expect(
        errorSummary(await gateway.query(JOIN, { id: lyon }, await member("FR:m3"))).map((error) => error.code),
      ).to.deep.equal(["FORBIDDEN"]);
    });

    it("closing the cycle ends joining, proposing and supporting (CONFLICT); it stays the current one until the next opens", async () => {
      expect(ok(await gateway.query(CLOSE_CYCLE, { id: "EU:sip-2026" }, await office())).closeSipCycle).to.deep.equal({
        id: "EU:sip-2026",
        status: "CLOSED",
      });
      for (const [query, variables] of [
        [JOIN, { id: lyon }],
        [PROPOSE, { id: lyon, title: "Late" }],
        [SUPPORT, { id: proposal }],
      ] as const) {
        expect(
          errorSummary(await gateway.query(query, variables, await member("BE:m1"))).map((error) => error.code),
        ).to.deep.equal(["CONFLICT"]);
      }
      expect(ok(await gateway.query(`{ currentSipCycle { id status } }`)).currentSipCycle).to.deep.equal({
        id: "EU:sip-2026",
        status: "CLOSED",
      });
    });
  });
});
