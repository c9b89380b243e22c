import { expect } from "chai";
import { createTestDatabase, startTestPostgres, type PostgresServer } from "@smart/devdb";
import type { DataSource } from "typeorm";
import { createDataSource, runMigrations } from "../../data-source.js";
import { cityId } from "../cityId.js";
import { seedCentral } from "../seedCentral.js";

async function counts(dataSource: DataSource): Promise<Record<string, number>> {
  const [row] = await dataSource.query(`SELECT
    (SELECT count(*) FROM country)::int AS countries,
    (SELECT count(*) FROM assembly)::int AS assemblies,
    (SELECT count(*) FROM resolution)::int AS resolutions,
    (SELECT count(*) FROM sip_cycle)::int AS cycles,
    (SELECT count(*) FROM working_group)::int AS groups,
    (SELECT count(*) FROM working_group_participant)::int AS participants,
    (SELECT count(*) FROM recommendation)::int AS recommendations`);
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
    expect(first).to.include({ countries: 9, assemblies: 3, cycles: 3 });
    expect(await seedCentral(dataSource)).to.equal(false);
    expect(await counts(dataSource)).to.deep.equal(first);
  });

  it("names the units as they are really called", async () => {
    const rows: { code: string; unit_name: string }[] = await dataSource.query(`SELECT code, unit_name FROM country ORDER BY code`);
    expect(Object.fromEntries(rows.map((row) => [row.code, row.unit_name]))).to.deep.equal({
      AT: "Smart Austria", BE: "SmartCoop", DE: "SmartDe eG", ES: "Smart Ibérica", FR: "Smartfr",
      HU: "Smart Hungary", IT: "SmartIt", NL: "Smart Netherlands", SE: "Smart Sweden",
    });
  });

  it("references national members in the range the national seed issues", async () => {
    const rows: { member_id: string }[] = await dataSource.query(`SELECT member_id FROM working_group_participant`);
    for (const { member_id } of rows) {
      const [, number] = /^[A-Z]{2}:m(\d+)$/.exec(member_id) ?? [];
      expect(Number(number), member_id).to.be.within(1, 50);
    }
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
