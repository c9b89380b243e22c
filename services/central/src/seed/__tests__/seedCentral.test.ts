import { expect } from "chai";
import { createTestDatabase, startTestPostgres, type PostgresServer } from "@smart/devdb";
import { FOUNDING_UNITS, LANGUAGES } from "@smart/platform";
import type { DataSource } from "typeorm";
import { createDataSource, runMigrations } from "../../data-source.js";
import { cityId } from "../cityId.js";
import { seedCentral } from "../seedCentral.js";
import { DEMO_MEMBERS_PER_UNIT, lastMemberBy } from "../sipCycles.js";

async function counts(dataSource: DataSource): Promise<Record<string, number>> {
  const [row] = await dataSource.query(`SELECT
    (SELECT count(*) FROM country)::int AS countries,
    (SELECT count(*) FROM assembly)::int AS assemblies,
    (SELECT count(*) FROM resolution)::int AS resolutions,
    (SELECT count(*) FROM sip_cycle)::int AS cycles,
    (SELECT count(*) FROM working_group)::int AS groups,
    (SELECT count(*) FROM working_group_participant)::int AS participants,
    (SELECT count(*) FROM recommendation)::int AS recommendations,
    (SELECT count(*) FROM budget_priority)::int AS priorities,
    (SELECT count(*) FROM translation)::int AS translations`);
  return row;
}

describe("seed > seedCentral", () => {
  let postgres: PostgresServer;
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  before(async () => {
    postgres = await startTestPostgres();
    database = await createTestDatabase(postgres, "central_seed");
    dataSource = await createDataSource({ url: database.url, poolSize: 4 }).initialize();
    await runMigrations(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await postgres?.stop();
  });

  it("writes the directory, assemblies and cycles once, even when run concurrently", async () => {
    const wrote = await Promise.all([seedCentral(dataSource), seedCentral(dataSource)]);
    expect(wrote.filter(Boolean)).to.have.length(1);
    const first = await counts(dataSource);
    expect(first).to.include({ countries: 10, assemblies: 3, cycles: 11, priorities: 4 });
    expect(await seedCentral(dataSource)).to.equal(false);
    expect(await counts(dataSource)).to.deep.equal(first);
  });

  it("names the units as they are really called", async () => {
    const rows: { code: string; unit_name: string }[] = await dataSource.query(
      `SELECT code, unit_name FROM country ORDER BY code`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.code, row.unit_name]))).to.deep.equal({
      AT: "Smart Austria",
      BE: "SmartCoop",
      DE: "SmartDe eG",
      ES: "Smart Ibérica",
      FR: "Smartfr",
      HU: "Smart Hungary",
      IT: "SmartIt",
      NL: "Smart Netherlands",
      PT: "Smart Portugal",
      SE: "Smart Sweden",
    });
  });

  it("admits the nine founding units and knows Portugal, PROSPECTIVE, with its name in every language", async () => {
    const rows: { code: string; admission: string }[] = await dataSource.query(
      `SELECT code, admission FROM country ORDER BY code`,
    );
    expect(rows.filter((row) => row.admission === "ADMITTED").map((row) => row.code)).to.deep.equal([
      ...FOUNDING_UNITS,
    ]);
    expect(rows.find((row) => row.code === "PT")?.admission).to.equal("PROSPECTIVE");
    const names: { field: string; lang: string; text: string }[] = await dataSource.query(
      `SELECT field, lang, text FROM translation WHERE subject_id = 'PT' ORDER BY field, lang`,
    );
    expect(names.filter((row) => row.field === "name").map((row) => row.lang)).to.have.members(
      LANGUAGES.filter((lang) => lang !== "EN"),
    );
    expect(names).to.deep.include({ field: "name", lang: "HU", text: "Portugália" });
    expect(names).to.deep.include({ field: "unitName", lang: "IT", text: "Smart Portogallo" });
  });

  it("references national members the default national seed issues, who had joined by the cycle's year", async () => {
    const rows: { member_id: string; year: number }[] = await dataSource.query(`
      SELECT p.member_id, c.year FROM working_group_participant p
        JOIN working_group g ON g.id = p.working_group_id JOIN sip_cycle c ON c.id = g.cycle_id`);
    for (const { member_id, year } of rows) {
      const [, number] = /^[A-Z]{2}:m(\d+)$/.exec(member_id) ?? [];
      expect(Number(number), member_id).to.be.within(1, DEMO_MEMBERS_PER_UNIT);
      expect(Number(number), `${member_id} in ${year}`).to.be.at.most(lastMemberBy(year));
    }
  });

  it("is true to the budget priorities: Smart In Progress since 2015 in Belgium, other units later, more than 4,000 people", async () => {
    const [figures] =
      await dataSource.query(`SELECT min(year)::int AS since, max(year)::int AS last, count(*)::int AS cycles,
      (SELECT count(DISTINCT member_id)::int FROM working_group_participant) AS participants FROM sip_cycle`);
    expect(figures).to.deep.equal({ since: 2015, last: 2025, cycles: 11, participants: figures.participants });
    expect(figures.participants).to.be.greaterThan(4000);
    const firstYears: { unit: string; first: number }[] = await dataSource.query(`
      SELECT split_part(g.city_id, ':', 1) AS unit, min(c.year)::int AS first
        FROM working_group g JOIN sip_cycle c ON c.id = g.cycle_id GROUP BY 1 ORDER BY 2, 1`);
    expect(firstYears[0]).to.deep.equal({ unit: "BE", first: 2015 });
    expect(firstYears.filter((row) => row.first === 2015)).to.have.length(1);
    expect(firstYears).to.have.length(9);
  });

  it("writes the four budget priorities in Dutch, ranked, with French, English and German translations", async () => {
    const rows: { rank: number; area: string; langs: string[] }[] = await dataSource.query(`
      SELECT p.rank, p.area, array_agg(DISTINCT t.lang ORDER BY t.lang) AS langs
        FROM budget_priority p JOIN translation t ON t.subject_id = p.id
       WHERE p.assembly_id = 'EU:ga-2023' GROUP BY 1, 2 ORDER BY 1`);
    expect(rows.map((row) => [row.rank, row.area])).to.deep.equal([
      [1, "SHARED_TOOLS_AND_SERVICES"],
      [2, "COOPERATIVE_LIFE"],
      [3, "INTERNATIONAL_DEVELOPMENT"],
      [4, "SHARED_WORKSPACES"],
    ]);
    for (const row of rows) expect(row.langs).to.include.members(["NL", "FR", "EN", "DE"]);
  });
});

describe("seed > seedCentral > which units to admit", () => {
  let postgres: PostgresServer;

  before(async () => {
    postgres = await startTestPostgres();
  });

  after(async () => {
    await postgres?.stop();
  });

  /** The directory the seed writes with `admit`: each code and its admission. */
  const seeded = async (admit: readonly string[]) => {
    const database = await createTestDatabase(postgres, "central_seed_admit");
    const dataSource = await createDataSource({ url: database.url, poolSize: 1 }).initialize();
    try {
      await runMigrations(dataSource);
      await seedCentral(dataSource, { admit });
      const rows: { code: string; admission: string }[] = await dataSource.query(
        `SELECT code, admission FROM country ORDER BY code`,
      );
      return Object.fromEntries(rows.map((row) => [row.code, row.admission]));
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  };

  it("admits the units listed, Portugal among them, and knows the others PROSPECTIVE", async () => {
    const directory = await seeded(["BE", "FR", "PT"]);
    expect(Object.keys(directory)).to.have.length(10);
    expect(Object.keys(directory).filter((code) => directory[code] === "ADMITTED")).to.deep.equal(["BE", "FR", "PT"]);
    expect(directory.AT).to.equal("PROSPECTIVE");
  });

  it("refuses a unit it does not know, before writing anything", async () => {
    const error = await seeded(["BE", "LU"]).then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error?.message).to.match(/knows no unit LU/);
  });
});

describe("seed > cityId", () => {
  it("slugs city names as the national seed does", () => {
    expect(cityId("BE", "Brussels")).to.equal("BE:brussels");
    expect(cityId("ES", "Málaga")).to.equal("ES:malaga");
    expect(cityId("BE", "Louvain-la-Neuve")).to.equal("BE:louvain-la-neuve");
    expect(cityId("BE", "Liège")).to.equal("BE:liege");
  });
});
