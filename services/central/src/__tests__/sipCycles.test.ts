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
  workingGroups: {
    id: string;
    city: { __typename: string; id: string };
    participants: { __typename: string; id: string }[];
    cycle: { year: number };
  }[];
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
    expect(data!.sipCycles.map((cycle) => cycle.year)).to.deep.equal([
      2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015,
    ]);
    expect(data!.sipCycles.slice(0, 4).map((cycle) => cycle.themeVotedAt?.id ?? null)).to.deep.equal([
      "EU:ga-2024",
      "EU:ga-2023",
      "EU:ga-2022",
      null,
    ]);
  });

  it("gives working groups in national cities, with participants as Member references", async () => {
    const { data } = await central.query<{ sipCycles: Cycle[] }>(CYCLES);
    const groups = data!.sipCycles.flatMap((cycle) =>
      cycle.workingGroups.map((group) => ({ ...group, year: cycle.year })),
    );
    expect(groups.every((group) => group.cycle.year === group.year)).to.equal(true);
    expect(groups.map((group) => group.city.id)).to.include.members([
      "BE:brussels",
      "ES:malaga",
      "BE:louvain-la-neuve",
      "BE:liege",
    ]);
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
      expect(cycle.done).to.deep.equal(
        cycle.recommendations.filter((r) => r.status === "DONE").map(({ id, status }) => ({ id, status })),
      );
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
      {
        representations: [
          { __typename: "SipCycle", id: "EU:sip-2024" },
          { __typename: "SipCycle", id: "EU:sip-2014" },
        ],
      },
    );
    expect(errors).to.equal(undefined);
    expect(data._entities).to.deep.equal([{ id: "EU:sip-2024", year: 2024 }, null]);
  });

  it("reads the whole tree in as many statements however large it grows", async () => {
    const before = await central.countStatements(() => central.query(CYCLES));
    // One per loader: cycles, assemblies, groups, participants, recommendations, recommendation → group, translations.
    expect(before).to.equal(7);
    await central.dataSource.query(
      `INSERT INTO sip_cycle (id, year, theme) VALUES ('EU:sip-2026', 2026, 'More of everything')`,
    );
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

    /** The same figures counted by SQL straight on central's tables. */
    async function countedBySql(year: number) {
      const rows = (sql: string) => central.dataSource.query<Record<string, unknown>[]>(sql, [year]);
      const [cycle] = await rows(
        `SELECT count(DISTINCT p.member_id)::int AS n FROM working_group_participant p JOIN working_group g ON g.id = p.working_group_id JOIN sip_cycle c ON c.id = g.cycle_id WHERE c.year = $1`,
      );
      const groups = await rows(
        `SELECT g.topic, count(p.member_id)::int AS n FROM working_group g JOIN sip_cycle c ON c.id = g.cycle_id LEFT JOIN working_group_participant p ON p.working_group_id = g.id WHERE c.year = $1 GROUP BY g.id, g.topic`,
      );
      const countries = await rows(
        `SELECT split_part(p.member_id, ':', 1) AS code, count(DISTINCT p.member_id)::int AS n FROM working_group_participant p JOIN working_group g ON g.id = p.working_group_id JOIN sip_cycle c ON c.id = g.cycle_id WHERE c.year = $1 GROUP BY 1 ORDER BY 1`,
      );
      return {
        participants: cycle!.n as number,
        groups: new Map(groups.map((g) => [g.topic as string, g.n as number])),
        countries: countries.map((c) => [c.code as string, c.n as number]),
      };
    }

    it("counts participants per cycle, per working group and per country, as the tables have them", async () => {
      const cycles = await byYear();
      expect(cycles.size).to.be.greaterThan(1);
      for (const [year, cycle] of cycles) {
        const sql = await countedBySql(year);
        expect(cycle.participantCount, String(year)).to.equal(sql.participants).and.to.be.greaterThan(0);
        for (const group of cycle.workingGroups)
          expect(group.participantCount, `${year} ${group.topic}`).to.equal(sql.groups.get(group.topic));
        expect(
          cycle.participantsByCountry.map((c) => [c.country.code, c.participants]),
          String(year),
        ).to.deep.equal(sql.countries);
      }
    });

    it("counts a member of two working groups of a cycle once for the cycle, once in each group", async () => {
      const [first, second] = await central.dataSource.query<{ id: string }[]>(
        `SELECT g.id FROM working_group g JOIN sip_cycle c ON c.id = g.cycle_id WHERE c.year = 2023 ORDER BY g.city_id, g.topic`,
      );
      const before = (await byYear()).get(2023)!;
      const added = await central.dataSource.query<{ member_id: string }[]>(
        `INSERT INTO working_group_participant (working_group_id, member_id) SELECT $1, member_id FROM working_group_participant WHERE working_group_id = $2 ON CONFLICT DO NOTHING RETURNING member_id`,
        [second!.id, first!.id],
      );
      expect(added.length).to.be.greaterThan(0);
      try {
        const after = (await byYear()).get(2023)!;
        const sql = await countedBySql(2023);
        expect(after.participantCount).to.equal(before.participantCount);
        expect(after.workingGroups.map((g) => g.participantCount).reduce((a, b) => a + b)).to.equal(
          [...sql.groups.values()].reduce((a, b) => a + b),
        );
        expect(after.workingGroups.map((g) => g.participantCount).reduce((a, b) => a + b)).to.be.greaterThan(
          before.workingGroups.map((g) => g.participantCount).reduce((a, b) => a + b),
        );
      } finally {
        await central.dataSource.query(
          `DELETE FROM working_group_participant WHERE working_group_id = $1 AND member_id = ANY($2)`,
          [second!.id, added.map((a) => a.member_id)],
        );
      }
    });

    it("reads the numbers of every cycle in a constant number of statements", async () => {
      // Cycles, groups, participants, per-country counts, countries, their names' translations.
      const statements = await central.countStatements(() => central.query(NUMBERS));
      expect(statements).to.be.at.most(6);
    });
  });
});
