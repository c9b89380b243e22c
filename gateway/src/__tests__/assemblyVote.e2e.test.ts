import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { spawnGateway, type SpawnedGateway } from "./helpers/spawnedGateway.js";

const members = testMembers(12);

const SCHEDULE = `mutation($input: ScheduleAssemblyInput!) { scheduleAssembly(input: $input) { id voteStatus resolutions { id title } prioritiesOnBallot { id rank } } }`;
const OPEN = `mutation($id: ID!, $closesAt: DateTime!) { openAssemblyVote(assemblyId: $id, closesAt: $closesAt) { id voteStatus voteClosesAt } }`;
const CLOSE = `mutation($id: ID!) { closeAssemblyVote(assemblyId: $id) { id voteStatus } }`;
const CAST = `mutation($resolutionId: ID!, $choice: BallotChoice!, $assemblyId: ID) {
  castBallot(resolutionId: $resolutionId, choice: $choice, assemblyId: $assemblyId) { receipt counted }
}`;
const RANK = `mutation($assemblyId: ID!, $ranking: [ID!]!) { castPriorityRanking(assemblyId: $assemblyId, ranking: $ranking) { receipt counted } }`;
const COUNTED = `query($receipt: String!) { ballotCounted(receipt: $receipt) }`;
const TRANSFER = `mutation($id: ID!, $to: CountryCode!) { transferMember(memberId: $id, to: $to) { status toId } }`;
const RESULTS = `query($id: ID!) { assembly(id: $id) {
  voteStatus
  resolutions { id votesFor votesAgainst abstentions adopted turnout { country { code } ballots } tally { for against abstain adopted byCountry { country { code } for against abstain adopted } } }
  priorityRanking { priority { id } points rank }
} }`;

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const member = (id: string): PersonViewer => ({ role: "member", unit: id.slice(0, 2), sub: id });

describe("gateway > the general assembly's vote: exactly once and secret (nine real units, real central, on Postgres)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;
  let assemblyId: string;
  let resolutions: string[];
  let priorities: string[];
  let scheduledOnly: { id: string; resolution: string };

  const as = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const centralOffice = () => as({ role: "central_office" });
  const ok = (reply: GraphqlReply) => {
    expect(reply.body.errors, JSON.stringify(reply.body.errors)).to.equal(undefined);
    return reply.body.data;
  };
  const codeOf = (reply: GraphqlReply) =>
    reply.body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code);
  const reasonsOf = (reply: GraphqlReply) =>
    reply.body.errors?.map((e: { extensions?: { code?: string; reason?: string } }) => [
      e.extensions?.code,
      e.extensions?.reason,
    ]);
  const vote = async (memberId: string, resolutionId: string, choice: string, assembly?: string) =>
    gateway.query(
      CAST,
      { resolutionId, choice, ...(assembly ? { assemblyId: assembly } : {}) },
      await as(member(memberId)),
    );

  /** Everything the vote wrote: central's ballots and counters, and every unit's ballot records. */
  const written = async () => ({
    ballots: (await central.dataSource.query(`SELECT count(*)::int AS n FROM ballot`))[0].n as number,
    tally: (await central.dataSource.query(`SELECT coalesce(sum(ballots), 0)::int AS n FROM ballot_tally`))[0]
      .n as number,
    points: (await central.dataSource.query(`SELECT coalesce(sum(points), 0)::int AS n FROM priority_points`))[0]
      .n as number,
    unitRecords: (
      await Promise.all(
        FOUNDING_UNITS.map((unit) => units.dataSources[unit].query(`SELECT count(*)::int AS n FROM member_ballot`)),
      )
    ).reduce((sum, [row]) => sum + (row.n as number), 0),
  });
  /** Waits until the unit holds no ballot PENDING: the settle follows the member's answer (at most 5 s). */
  const settled = async (unit: FoundingUnit) => {
    for (let waited = 0; waited < 5000; waited += 50) {
      const [{ n }] = await units.dataSources[unit].query(
        `SELECT count(*)::int AS n FROM member_ballot WHERE state = 'PENDING'`,
      );
      if (n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const countedOn = async (subjectId: string, unit: FoundingUnit) =>
    (
      await central.dataSource.query(`SELECT count(*)::int AS n FROM ballot WHERE subject_id = $1 AND unit = $2`, [
        subjectId,
        unit,
      ])
    )[0].n as number;

  before(async function () {
    this.timeout(120_000);
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    gateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 1500 });
    await units.dataSources.BE.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = 'BE:m11'`);
    // A member without shares cannot exist here (member.shares >= 1, a CHECK); a member who left holds theirs still.
    await units.dataSources.BE.query(`UPDATE member SET status = 'LEFT' WHERE id = 'BE:m12'`);

    const office = await centralOffice();
    const input = {
      title: "General assembly 2026",
      heldOn: "2026-06-13",
      cityId: "BE:liege",
      resolutions: [{ title: "Accounts 2025" }, { title: "New statutes" }],
    };
    const scheduled = ok(await gateway.query(SCHEDULE, { input }, office)).scheduleAssembly;
    expect(scheduled.voteStatus).to.equal("SCHEDULED");
    assemblyId = scheduled.id;
    resolutions = scheduled.resolutions.map((r: { id: string }) => r.id);
    priorities = scheduled.prioritiesOnBallot.map((p: { id: string }) => p.id);
    expect(priorities).to.have.length(4);
    const other = ok(
      await gateway.query(
        SCHEDULE,
        { input: { ...input, title: "Extraordinary assembly", resolutions: [{ title: "Merger" }] } },
        office,
      ),
    );
    scheduledOnly = { id: other.scheduleAssembly.id, resolution: other.scheduleAssembly.resolutions[0].id };
    expect(
      ok(await gateway.query(OPEN, { id: assemblyId, closesAt: inAnHour() }, office)).openAssemblyVote.voteStatus,
    ).to.equal("OPEN");
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });
  afterEach(() => units.slowDown("FR", 0));

  it("counts a member's ballot once, gives a receipt that checks, shows turnout (no choices) while the vote runs, and refuses a second", async () => {
    const receipt = ok(await vote("BE:m1", resolutions[0]!, "FOR")).castBallot;
    expect(receipt.counted).to.equal(true);
    expect(receipt.receipt).to.match(/^[0-9a-f-]{36}$/);
    expect(ok(await gateway.query(COUNTED, { receipt: receipt.receipt }, {})).ballotCounted).to.equal(true);
    expect(
      ok(await gateway.query(COUNTED, { receipt: "00000000-0000-4000-8000-000000000000" }, {})).ballotCounted,
    ).to.equal(false);

    const running = ok(await gateway.query(RESULTS, { id: assemblyId }, {})).assembly;
    expect(running.voteStatus).to.equal("OPEN");
    expect(running.resolutions[0]).to.deep.include({
      turnout: [{ country: { code: "BE" }, ballots: 1 }],
      tally: null,
      votesFor: 0,
    });
    expect(running.priorityRanking).to.equal(null);

    await settled("BE");
    const again = await vote("BE:m1", resolutions[0]!, "AGAINST");
    expect(codeOf(again)).to.deep.equal(["CONFLICT"]);
    const same = await vote("BE:m1", resolutions[0]!, "FOR");
    expect(codeOf(same)).to.deep.equal(["CONFLICT"]);
    expect(await countedOn(resolutions[0]!, "BE")).to.equal(1);
    // The member sees that they voted (never what), on their own record.
    const mine = ok(
      await gateway.query(`{ member(id: "BE:m1") { ballotsCast } }`, {}, await as(member("BE:m1"))),
    ).member;
    expect(mine.ballotsCast).to.deep.equal([resolutions[0]]);
  });

  it("keeps the secret: central holds no member, the unit no choice, token or receipt (SQL over both databases)", async () => {
    const { receipt } = ok(await vote("FR:m1", resolutions[1]!, "AGAINST")).castBallot;
    // Central: the vote's tables have no column that could name a member, and no value that does.
    const columns = await central.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN ('ballot', 'ballot_tally', 'priority_points') ORDER BY 1, 2`,
    );
    expect(
      columns.map((c: { table_name: string; column_name: string }) => `${c.table_name}.${c.column_name}`),
    ).to.deep.equal([
      "ballot.subject_id",
      "ballot.token",
      "ballot.unit",
      "ballot_tally.ballots",
      "ballot_tally.choice",
      "ballot_tally.resolution_id",
      "ballot_tally.unit",
      "priority_points.assembly_id",
      "priority_points.points",
      "priority_points.priority_id",
      "priority_points.unit",
    ]);
    const naming = await central.dataSource.query(
      `SELECT 'ballot' AS t FROM ballot b WHERE b::text ~ 'FR:m1\\M' UNION ALL SELECT 'tally' FROM ballot_tally t WHERE t::text ~ 'FR:m1\\M'`,
    );
    expect(naming).to.deep.equal([]);
    // Central's ballot row carries no choice: the choice lives only in a counter of many.
    expect(
      await central.dataSource.query(`SELECT unit, subject_id FROM ballot WHERE token = $1`, [receipt]),
    ).to.deep.equal([{ unit: "FR", subject_id: resolutions[1] }]);
    // The unit: that FR:m1 voted on the resolution, and nothing else (no choice, no token, no receipt).
    await settled("FR");
    expect(
      await units.dataSources.FR.query(`SELECT member_id, subject_id, state, token, sealed_choice FROM member_ballot`),
    ).to.deep.equal([
      { member_id: "FR:m1", subject_id: resolutions[1], state: "COUNTED", token: null, sealed_choice: null },
    ]);
    const unitColumns = await units.dataSources.FR.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'member_ballot' ORDER BY 1`,
    );
    expect(unitColumns.map((c: { column_name: string }) => c.column_name)).to.deep.equal([
      "member_id",
      "sealed_choice",
      "state",
      "subject_id",
      "token",
    ]);
    // Joining both databases on what they hold: no shared value links the member's row to a ballot's token.
    const unitValues = JSON.stringify(await units.dataSources.FR.query(`SELECT * FROM member_ballot`));
    expect(unitValues).not.to.include(receipt);
  });

  it("ten concurrent identical ballots count once: each answers the one receipt or CONFLICT", async () => {
    const before = await countedOn(resolutions[0]!, "DE");
    const headers = await as(member("DE:m1"));
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        gateway.query(CAST, { resolutionId: resolutions[0], choice: "ABSTAIN" }, headers),
      ),
    );
    const receipts = new Set(
      replies.filter((r) => !r.body.errors).map((r) => r.body.data.castBallot.receipt as string),
    );
    expect(receipts.size).to.equal(1);
    for (const reply of replies.filter((r) => r.body.errors)) expect(codeOf(reply)).to.deep.equal(["CONFLICT"]);
    expect(await countedOn(resolutions[0]!, "DE")).to.equal(before + 1);
    await settled("DE");
    expect(await units.dataSources.DE.query(`SELECT state FROM member_ballot WHERE member_id = 'DE:m1'`)).to.deep.equal(
      [{ state: "COUNTED" }],
    );
  });

  it("settles counted ballots in a unit only on the gateway's signed call: a caller of the unit itself is refused", async () => {
    const ballot = await vote("AT:m1", resolutions[1]!, "FOR");
    expect(ok(ballot).castBallot.counted).to.equal(true);
    await settled("AT");
    // Begun again by hand: PENDING with a token, as a ballot whose settle is still to come.
    await units.dataSources.AT.query(
      `UPDATE member_ballot SET state = 'PENDING', token = $1, sealed_choice = 'sealed' WHERE member_id = 'AT:m1'`,
      [ok(ballot).castBallot.receipt],
    );
    const settle = `mutation($ballots: [CountedBallotInput!]!) { settleCountedBallots(country: "AT", ballots: $ballots) }`;
    const ballots = [{ memberId: "AT:m1", subjectId: resolutions[1], token: ok(ballot).castBallot.receipt }];
    for (const headers of [{}, await as(member("AT:m1")), await as({ role: "unit_staff", unit: "AT" })]) {
      const answer = await fetch(units.urls.AT, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: settle, variables: { ballots } }),
      });
      const body = (await answer.json()) as { data?: unknown; errors?: unknown[] };
      expect(body.errors, JSON.stringify(body)).to.have.length.greaterThan(0);
    }
    expect(await units.dataSources.AT.query(`SELECT state FROM member_ballot WHERE member_id = 'AT:m1'`)).to.deep.equal(
      [{ state: "PENDING" }],
    );
    await units.dataSources.AT.query(
      `UPDATE member_ballot SET state = 'COUNTED', token = NULL, sealed_choice = NULL WHERE member_id = 'AT:m1'`,
    );
  });

  it("a member who moves to another unit while the vote is open votes once: the transfer carries the subjects voted on", async () => {
    const before = await countedOn(resolutions[1]!, "BE");
    const beforeFR = await countedOn(resolutions[1]!, "FR");
    expect(ok(await vote("BE:m8", resolutions[1]!, "FOR")).castBallot.counted).to.equal(true);
    await settled("BE");
    const staff = await as({ role: "unit_staff", unit: "BE" });
    const moved = ok(await gateway.query(TRANSFER, { id: "BE:m8", to: "FR" }, staff)).transferMember;
    expect(moved.status).to.equal("DONE");
    const second = await vote(moved.toId, resolutions[1]!, "AGAINST");
    expect(codeOf(second), JSON.stringify(second.body)).to.deep.equal(["CONFLICT"]);
    expect(await countedOn(resolutions[1]!, "BE")).to.equal(before + 1);
    expect(await countedOn(resolutions[1]!, "FR")).to.equal(beforeFR);
    const mine = ok(
      await gateway.query(
        `query($id: ID!) { member(id: $id) { ballotsCast } }`,
        { id: moved.toId },
        await as(member(moved.toId)),
      ),
    ).member;
    expect(mine.ballotsCast).to.deep.equal([resolutions[1]]);
  });

  it("a member whose transfer is under way is refused a ballot, and nothing is written", async () => {
    await units.dataSources.BE.query(
      `INSERT INTO member_transfer (id, member_id, target, step, snapshot, requested_by) VALUES (gen_random_uuid(), 'BE:m9', 'FR', 'REQUESTED', '{}', 'test')`,
    );
    try {
      const before = await written();
      expect(codeOf(await vote("BE:m9", resolutions[1]!, "FOR"))).to.deep.equal(["CONFLICT"]);
      expect(await written()).to.deep.equal(before);
    } finally {
      await units.dataSources.BE.query(`DELETE FROM member_transfer WHERE member_id = 'BE:m9'`);
    }
  });

  describe("refusals write nothing", () => {
    const cases: { name: string; code: string; send: () => Promise<GraphqlReply> }[] = [
      {
        name: "anonymous",
        code: "UNAUTHENTICATED",
        send: async () => gateway.query(CAST, { resolutionId: resolutions[0], choice: "FOR" }, {}),
      },
      {
        name: "staff for a member",
        code: "FORBIDDEN",
        send: async () =>
          gateway.query(
            CAST,
            { resolutionId: resolutions[0], choice: "FOR" },
            await as({ role: "unit_staff", unit: "BE" }),
          ),
      },
      {
        name: "the central office",
        code: "FORBIDDEN",
        send: async () => gateway.query(CAST, { resolutionId: resolutions[0], choice: "FOR" }, await centralOffice()),
      },
      { name: "a suspended member", code: "FORBIDDEN", send: () => vote("BE:m11", resolutions[0]!, "FOR") },
      { name: "a member who left", code: "FORBIDDEN", send: () => vote("BE:m12", resolutions[0]!, "FOR") },
      {
        name: "outside the window (scheduled, not open)",
        code: "CONFLICT",
        send: () => vote("BE:m5", scheduledOnly.resolution, "FOR"),
      },
      {
        name: "another assembly's resolution",
        code: "BAD_USER_INPUT",
        send: () => vote("BE:m5", resolutions[0]!, "FOR", scheduledOnly.id),
      },
      { name: "an unknown resolution", code: "NOT_FOUND", send: () => vote("BE:m5", "EU:no-such-resolution", "FOR") },
      { name: "a malformed resolution ID", code: "BAD_USER_INPUT", send: () => vote("BE:m5", "resolution 1", "FOR") },
      {
        name: "a ranking with a priority twice",
        code: "BAD_USER_INPUT",
        send: async () =>
          gateway.query(
            RANK,
            { assemblyId, ranking: [priorities[0], ...priorities.slice(0, 3)] },
            await as(member("BE:m5")),
          ),
      },
      {
        name: "a ranking missing a priority",
        code: "BAD_USER_INPUT",
        send: async () => gateway.query(RANK, { assemblyId, ranking: priorities.slice(1) }, await as(member("BE:m5"))),
      },
      {
        name: "a ranking with an unknown priority",
        code: "BAD_USER_INPUT",
        send: async () =>
          gateway.query(
            RANK,
            { assemblyId, ranking: [...priorities.slice(1), "EU:bp-unknown"] },
            await as(member("BE:m5")),
          ),
      },
      {
        name: "a ranking on an assembly whose vote is not open",
        code: "CONFLICT",
        send: async () =>
          gateway.query(RANK, { assemblyId: scheduledOnly.id, ranking: priorities }, await as(member("BE:m5"))),
      },
    ];
    for (const { name, code, send } of cases) {
      it(`${name}: ${code}`, async () => {
        const before = await written();
        const reply = await send();
        expect(codeOf(reply), JSON.stringify(reply.body.errors)).to.deep.equal([code]);
        expect(await written()).to.deep.equal(before);
      });
    }

    it("the member's unit down: SHARD_UNAVAILABLE naming it, nothing written; once back, the member votes", async () => {
      const before = await written();
      units.slowDown("FR", 3000);
      const reply = await vote("FR:m2", resolutions[0]!, "FOR");
      expect(
        reply.body.errors?.map((e: { extensions?: Record<string, unknown> }) => [
          e.extensions?.code,
          e.extensions?.unit,
        ]),
      ).to.deep.equal([["SHARD_UNAVAILABLE", "FR"]]);
      await new Promise((resolve) => setTimeout(resolve, 1700));
      expect(await written()).to.deep.equal(before);
      units.slowDown("FR", 0);
      expect(ok(await vote("FR:m2", resolutions[0]!, "FOR")).castBallot.counted).to.equal(true);
    });
  });

  describe("a coordinating gateway killed (SIGKILL) between the ballot's steps, then resumed", () => {
    const children: SpawnedGateway[] = [];
    after(() => children.forEach(({ child }) => child.exitCode === null && child.kill("SIGKILL")));
    const spawned = async (env: Record<string, string>) => {
      const child = await spawnGateway(units.urls, central.url, env);
      children.push(child);
      return child;
    };

    for (const step of [1, 2, 3]) {
      const memberId = `NL:m${step}`;
      const killed = step === 3 ? "after answering the member, before the settle" : `after step ${step}`;
      const resumedBy = step === 1 ? "the member voting again" : "a restarted gateway's retry worker, at start";
      it(`killed ${killed}: resumed by ${resumedBy}, counted exactly once`, async function () {
        this.timeout(180_000);
        const before = await countedOn(resolutions[1]!, "NL");
        const crashing = await spawned({ BALLOT_CRASH_AFTER_STEP: String(step), MEMBER_RIGHTS_RETRY_SECONDS: "3600" });
        const outcome = await crashing
          .query(CAST, { resolutionId: resolutions[1], choice: "FOR" }, await as(member(memberId)))
          .then(
            async (response) => {
              const body = (await response.json()) as { data?: { castBallot?: { counted?: boolean } } };
              return `answered counted ${body.data?.castBallot?.counted}`;
            },
            () => "connection lost",
          );
        // Killed after answering, the member holds their receipt: counted, central says so, the settle is left to do.
        expect(outcome).to.equal(step === 3 ? "answered counted true" : "connection lost");
        expect(await crashing.exited).to.equal("SIGKILL");
        // The unit holds the ballot pending (the choice sealed); central counted it after step 2 only.
        expect(
          await units.dataSources.NL.query(`SELECT state FROM member_ballot WHERE member_id = $1`, [memberId]),
        ).to.deep.equal([{ state: "PENDING" }]);
        const [{ sealed_choice: sealed }] = await units.dataSources.NL.query(
          `SELECT sealed_choice FROM member_ballot WHERE member_id = $1`,
          [memberId],
        );
        expect(sealed).not.to.match(/FOR/);
        expect(await countedOn(resolutions[1]!, "NL")).to.equal(step === 1 ? before : before + 1);

        if (step === 1) {
          expect(ok(await vote(memberId, resolutions[1]!, "FOR")).castBallot.counted).to.equal(true);
        } else {
          const restarted = await spawned({ MEMBER_RIGHTS_RETRY_SECONDS: "3600" });
          await restarted.logged(`"subjectId":"${resolutions[1]}","counted":true`);
          restarted.child.kill("SIGTERM");
          await restarted.exited;
        }
        expect(await countedOn(resolutions[1]!, "NL")).to.equal(before + 1);
        await settled("NL");
        expect(
          await units.dataSources.NL.query(
            `SELECT state, token, sealed_choice FROM member_ballot WHERE member_id = $1`,
            [memberId],
          ),
        ).to.deep.equal([{ state: "COUNTED", token: null, sealed_choice: null }]);
        expect(codeOf(await vote(memberId, resolutions[1]!, "FOR"))).to.deep.equal(["CONFLICT"]);
      });
    }
  });

  // Nested suites run after the parent's own tests, in order: refusals, kills, then the close.
  describe("once the vote closes", () => {
    it("ranks the priorities by Borda and publishes the tallies per unit and Europe-wide once closed; no ballot after", async () => {
      ok(await gateway.query(RANK, { assemblyId, ranking: priorities }, await as(member("BE:m1"))));
      ok(
        await gateway.query(
          RANK,
          { assemblyId, ranking: [priorities[1], priorities[0], priorities[2], priorities[3]] },
          await as(member("FR:m1")),
        ),
      );
      ok(
        await gateway.query(
          RANK,
          { assemblyId, ranking: [priorities[1], priorities[2], priorities[0], priorities[3]] },
          await as(member("DE:m1")),
        ),
      );
      ok(await vote("BE:m2", resolutions[0]!, "AGAINST"));
      ok(await vote("BE:m3", resolutions[0]!, "FOR"));

      expect(
        ok(await gateway.query(CLOSE, { id: assemblyId }, await centralOffice())).closeAssemblyVote.voteStatus,
      ).to.equal("CLOSED");
      const { assembly } = ok(await gateway.query(RESULTS, { id: assemblyId }, {}));
      const [first] = assembly.resolutions;
      // r1: BE:m1 FOR, DE:m1 ABSTAIN, FR:m2 FOR, BE:m2 AGAINST, BE:m3 FOR.
      expect(first.tally).to.deep.equal({
        for: 3,
        against: 1,
        abstain: 1,
        adopted: true,
        byCountry: [
          { country: { code: "BE" }, for: 2, against: 1, abstain: 0, adopted: true },
          { country: { code: "DE" }, for: 0, against: 0, abstain: 1, adopted: false },
          { country: { code: "FR" }, for: 1, against: 0, abstain: 0, adopted: true },
        ],
      });
      expect(first).to.deep.include({ votesFor: 3, votesAgainst: 1, abstentions: 1, adopted: true });
      // Borda over 4 priorities: 3, 2, 1, 0 points by place. p0: 3+2+1 = 6; p1: 2+3+3 = 8; p2: 1+1+2 = 4; p3: 0.
      expect(assembly.priorityRanking).to.deep.equal([
        { priority: { id: priorities[1] }, points: 8, rank: 1 },
        { priority: { id: priorities[0] }, points: 6, rank: 2 },
        { priority: { id: priorities[2] }, points: 4, rank: 3 },
        { priority: { id: priorities[3] }, points: 0, rank: 4 },
      ]);
      // Closed early, the window this gateway kept a moment ago still says open: central refuses the count, the
      // unit's record is void, nothing is counted; the refusal forgets the window, so the next ballot writes nothing.
      const before = await written();
      const late = await vote("BE:m4", resolutions[0]!, "FOR");
      expect(reasonsOf(late)).to.deep.equal([["CONFLICT", "VOTE_CLOSED"]]);
      expect({ ...(await written()), unitRecords: before.unitRecords }).to.deep.equal(before);
      const record = await units.dataSources.BE.query(`SELECT state FROM member_ballot WHERE member_id = 'BE:m4'`);
      expect(JSON.stringify(record)).to.be.oneOf(["[]", `[{"state":"VOID"}]`]);
      const after = await written();
      expect(reasonsOf(await vote("BE:m5", resolutions[0]!, "FOR"))).to.deep.equal([["CONFLICT", "VOTE_CLOSED"]]);
      expect(await written()).to.deep.equal(after);
    });

    it("a window kept by the gateway still refuses a ballot once past closesAt, and writes nothing", async function () {
      this.timeout(60_000);
      const office = await centralOffice();
      const input = {
        title: "Short vote",
        heldOn: "2026-06-14",
        cityId: "BE:liege",
        resolutions: [{ title: "Motion" }],
      };
      const { id, resolutions: motions } = ok(await gateway.query(SCHEDULE, { input }, office)).scheduleAssembly;
      const closesAt = Date.now() + 2000;
      ok(await gateway.query(OPEN, { id, closesAt: new Date(closesAt).toISOString() }, office));
      // Asks central for the window, which the gateway keeps (VOTE_WINDOW_KEPT_MS) past closesAt.
      expect(ok(await vote("BE:m6", motions[0].id, "FOR")).castBallot.counted).to.equal(true);
      await settled("BE");
      await new Promise((resolve) => setTimeout(resolve, closesAt + 100 - Date.now()));
      const before = await written();
      expect(reasonsOf(await vote("BE:m7", motions[0].id, "FOR"))).to.deep.equal([["CONFLICT", "VOTE_CLOSED"]]);
      expect(await written()).to.deep.equal(before);
      expect(await countedOn(motions[0].id, "BE")).to.equal(1);
    });
  });
});
