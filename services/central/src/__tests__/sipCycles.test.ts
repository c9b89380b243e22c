import { expect } from "chai";
import { startTestPostgres, type PostgresServer } from "@smart/devdb";
import { startCentralTestServer, type CentralTestServer, type GraphqlResponse } from "./support/centralTestServer.js";

const CYCLES = `{
  sipCycles {
    id year theme
    themeVotedAt { id }
    workingGroups { id topic city { __typename id } participants { __typename id } cycle { year } }
    recommendations { id status workingGroup { id } }
    done: recommendations(status: DONE) { id status }
  }
}`;

interface Cycle {
  id: string;
  year: number;
  themeVotedAt: { id: string } | null;
  workingGroups: { id: string; city: { __typename: string; id: string }; participants: { __typename: string; id: string }[]; cycle: { year: number } }[];
  recommendations: { id: string; status: string; workingGroup: { id: string } | null }[];
  done: { id: string; status: string }[];
}

describe("Smart In Progress", () => {
  let postgres: PostgresServer;
  let central: CentralTestServer;

  before(async () => {
    postgres = await startTestPostgres();
    central = await startCentralTestServer(postgres, "sip");
  });

  after(async () => {
    await central?.stop();
    await postgres?.stop();
  });

  it("lists cycles most recent first, with the assembly that voted each theme", async () => {
    const { data, errors } = await central.query<{ sipCycles: Cycle[] }>(CYCLES);
    expect(errors).to.equal(undefined);
    expect(data!.sipCycles.map((cycle) => cycle.year)).to.deep.equal([2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015]);
    expect(data!.sipCycles.slice(0, 4).map((cycle) => cycle.themeVotedAt?.id ?? null)).to.deep.equal(["EU:ga-2024", "EU:ga-2023", "EU:ga-2022", null]);
  });

  it("gives working groups in national cities, with participants as Member references", async () => {
    const { data } = await central.query<{ sipCycles: Cycle[] }>(CYCLES);
    const groups = data!.sipCycles.flatMap((cycle) => cycle.workingGroups.map((group) => ({ ...group, year: cycle.year })));
    expect(groups.every((group) => group.cycle.year === group.year)).to.equal(true);
    expect(groups.map((group) => group.city.id)).to.include.members(["BE:brussels", "ES:malaga", "BE:louvain-la-neuve", "BE:liege"]);
    for (const group of groups) {
      expect(group.city.__typename).to.equal("City");
      expect(group.participants).to.not.be.empty;
      for (const participant of group.participants) {
        expect(participant.__typename).to.equal("Member");
        expect(participant.id).to.match(/^(AT|BE|DE|ES|FR|HU|IT|NL|SE):m[1-9][0-9]*$/);
      }
    }
  });

  it("filters recommendations by status, all five being in use", async () => {
    const { data } = await central.query<{ sipCycles: Cycle[] }>(CYCLES);
    const all = data!.sipCycles.flatMap((cycle) => cycle.recommendations);
    expect(new Set(all.map((recommendation) => recommendation.status))).to.deep.equal(
      new Set(["DONE", "IN_PROGRESS", "NOT_DONE", "REJECTED", "POSTPONED"]),
    );
    for (const cycle of data!.sipCycles) {
      expect(cycle.done).to.deep.equal(cycle.recommendations.filter((r) => r.status === "DONE").map(({ id, status }) => ({ id, status })));
    }
    expect(all.some((recommendation) => recommendation.workingGroup === null)).to.equal(true);

    const { data: postponed, errors } = await central.query(
      `query ($id: ID!) { sipCycle(id: $id) { recommendations(status: POSTPONED) { id title status } } }`,
      { id: "EU:sip-2025" },
    );
    expect(errors).to.equal(undefined);
    expect(postponed.sipCycle.recommendations).to.have.length(1);
    expect(postponed.sipCycle.recommendations[0].status).to.equal("POSTPONED");
  });

  it("resolves SipCycle representations, null for an unknown one", async () => {
    const { data, errors } = await central.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on SipCycle { id year } } }`,
      { representations: [{ __typename: "SipCycle", id: "EU:sip-2024" }, { __typename: "SipCycle", id: "EU:sip-2014" }] },
    );
    expect(errors).to.equal(undefined);
    expect(data._entities).to.deep.equal([{ id: "EU:sip-2024", year: 2024 }, null]);
  });

  it("reads the whole tree in as many statements however large it grows", async () => {
    const before = await central.countStatements(() => central.query(CYCLES));
    // One per loader: cycles, assemblies, groups, participants, recommendations, recommendation → group, translations.
    expect(before).to.equal(7);
    await central.dataSource.query(`INSERT INTO sip_cycle (id, year, theme) VALUES ('EU:sip-2026', 2026, 'More of everything')`);
    try {
      await central.dataSource.query(`
        INSERT INTO working_group (id, cycle_id, city_id, topic)
        SELECT 'EU:sip-2026-wg' || n, 'EU:sip-2026', 'FR:paris', 'Topic ' || n FROM generate_series(1, 20) AS n`);
      await central.dataSource.query(`
        INSERT INTO working_group_participant (working_group_id, member_id)
        SELECT 'EU:sip-2026-wg' || g, 'FR:m' || m FROM generate_series(1, 20) AS g, generate_series(1, 10) AS m`);
      await central.dataSource.query(`
        INSERT INTO recommendation (id, cycle_id, working_group_id, title, status)
        SELECT 'EU:sip-2026-rec' || n, 'EU:sip-2026', 'EU:sip-2026-wg' || n, 'Recommendation ' || n, 'DONE' FROM generate_series(1, 20) AS n`);
      let answer: GraphqlResponse<{ sipCycles: Cycle[] }> = {};
      const after = await central.countStatements(async () => {
        answer = await central.query(CYCLES);
      });
      expect(answer.data!.sipCycles[0]!.workingGroups).to.have.length(20);
      expect(after).to.equal(before);
    } finally {
      await central.dataSource.query(`DELETE FROM sip_cycle WHERE id = 'EU:sip-2026'`);
    }
  });

  describe("in numbers", () => {
    const NUMBERS = `{ sipCycles { year participantCount workingGroups { topic participantCount }
      participantsByCountry { country { code name } participants } } }`;
    interface Numbers {
      year: number;
      participantCount: number;
      workingGroups: { topic: string; participantCount: number }[];
      participantsByCountry: { country: { code: string; name: string }; participants: number }[];
    }
    const byYear = async () => {
      const { data, errors } = await central.query<{ sipCycles: Numbers[] }>(NUMBERS);
      expect(errors).to.equal(undefined);
      return new Map(data!.sipCycles.map((cycle) => [cycle.year, cycle]));
    };

    it("counts participants per cycle, per working group and per country, as the seed has them", async () => {
      const cycles = await byYear();
      const y2023 = cycles.get(2023)!;
      // BE:m1 m7 m12 · FR:m3 m2 m9 m21 · ES:m4 m5 m18
      expect(y2023.participantCount).to.equal(10);
      expect(y2023.workingGroups.map((g) => g.participantCount)).to.deep.equal([4, 3, 3]);
      expect(y2023.participantsByCountry).to.deep.equal([
        { country: { code: "BE", name: "Belgium" }, participants: 3 },
        { country: { code: "ES", name: "Spain" }, participants: 3 },
        { country: { code: "FR", name: "France" }, participants: 4 },
      ]);
      // BE:m3 m22 m15 m31 · NL:m6 · IT:m1 m8 · FR:m14 · DE:m2 m5 m11 · AT:m3
      const y2024 = cycles.get(2024)!;
      expect(y2024.participantCount).to.equal(12);
      expect(y2024.participantsByCountry.map((c) => [c.country.code, c.participants])).to.deep.equal([
        ["AT", 1], ["BE", 4], ["DE", 3], ["FR", 1], ["IT", 2], ["NL", 1],
      ]);
    });

    it("counts a member of two working groups of a cycle once for the cycle, once in each group", async () => {
      const [first, second] = (await central.dataSource.query(
        `SELECT g.id FROM working_group g JOIN sip_cycle c ON c.id = g.cycle_id WHERE c.year = 2023 ORDER BY g.city_id, g.topic`,
      )) as { id: string }[];
      await central.dataSource.query(`INSERT INTO working_group_participant (working_group_id, member_id) SELECT $1, member_id FROM working_group_participant WHERE working_group_id = $2`, [second!.id, first!.id]);
      try {
        const y2023 = (await byYear()).get(2023)!;
        expect(y2023.participantCount).to.equal(10);
        expect(y2023.workingGroups.map((g) => g.participantCount).reduce((a, b) => a + b)).to.equal(14);
      } finally {
        await central.dataSource.query(`DELETE FROM working_group_participant WHERE working_group_id = $1 AND member_id IN (SELECT member_id FROM working_group_participant WHERE working_group_id = $2)`, [second!.id, first!.id]);
      }
    });

    it("reads the numbers of every cycle in a constant number of statements", async () => {
      const statements = await central.countStatements(() => central.query(NUMBERS));
      expect(statements).to.be.at.most(5);
    });
  });
});
