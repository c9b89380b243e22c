import { expect } from "chai";
import { createTestDatabase, startTestPostgres, type PostgresServer } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";
import type { DataSource } from "typeorm";
import { createDataSource, migrations, runMigrations } from "../data-source.js";
import { seedCentral } from "../seed/seedCentral.js";

const TABLES = [
  "assembly",
  "ballot",
  "ballot_tally",
  "budget_priority",
  "country",
  "priority_points",
  "recommendation",
  "recommendation_support",
  "resolution",
  "sip_cycle",
  "sip_departed_member",
  "translation",
  "working_group",
  "working_group_participant",
];

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe("migrations", () => {
  let postgres: PostgresServer;
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  before(async () => {
    postgres = await startTestPostgres();
    database = await createTestDatabase(postgres, "central_migrations");
    dataSource = await createDataSource({ url: database.url, poolSize: 2 }).initialize();
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await postgres?.stop();
  });

  it("run on an empty database, then have nothing pending", async () => {
    expect(await tables(dataSource)).to.deep.equal([]);
    expect(await runMigrations(dataSource)).to.deep.equal(migrations.map((migration) => new migration().name));
    expect(await tables(dataSource)).to.deep.equal(TABLES);
    expect(await runMigrations(dataSource)).to.deep.equal([]);
  });

  // Nested suites run after the parent's own tests, in order: constraints, then revert.
  describe("constraints", () => {
    beforeEach(async () => {
      await dataSource.query(`TRUNCATE assembly, sip_cycle CASCADE`);
      await dataSource.query(
        `INSERT INTO sip_cycle (id, year, theme) VALUES ('EU:sip-2024', 2024, 'Tools'), ('EU:sip-2025', 2025, 'Spaces')`,
      );
      await dataSource.query(
        `INSERT INTO working_group (id, cycle_id, city_id, topic) VALUES ('EU:wg', 'EU:sip-2024', 'BE:brussels', 'Desks')`,
      );
    });

    const rejects = async (sql: string, constraint: RegExp) => {
      const error = await dataSource.query(sql).then(
        () => null,
        (caught: Error) => caught,
      );
      expect(error, sql).to.be.instanceOf(Error);
      expect(error!.message).to.match(constraint);
    };

    it("reject an unknown recommendation status", () =>
      rejects(
        `INSERT INTO recommendation (id, cycle_id, title, status) VALUES ('EU:r', 'EU:sip-2024', 'x', 'LOST')`,
        /recommendation_status_check/,
      ));

    it("reject a recommendation whose working group belongs to another cycle", () =>
      rejects(
        `INSERT INTO recommendation (id, cycle_id, working_group_id, title) VALUES ('EU:r', 'EU:sip-2025', 'EU:wg', 'x')`,
        /recommendation_working_group_same_cycle/,
      ));

    it("reject IDs outside their formats", async () => {
      for (const memberId of ["uk:m1", "EU:m1", "PT:"])
        await rejects(
          `INSERT INTO working_group_participant (working_group_id, member_id) VALUES ('EU:wg', '${memberId}')`,
          /member_id_check/,
        );
      // Any unit's code: the directory, not the schema, says which units are in the graph.
      await dataSource.query(
        `INSERT INTO working_group_participant (working_group_id, member_id) VALUES ('EU:wg', 'PT:m1')`,
      );
      await rejects(
        `INSERT INTO working_group (id, cycle_id, city_id, topic) VALUES ('BE:wg', 'EU:sip-2024', 'BE:ghent', 'x')`,
        /working_group_id_check/,
      );
      await rejects(
        `INSERT INTO assembly (id, held_on, city_id, title) VALUES ('EU:ga', '2024-01-01', 'brussels', 'x')`,
        /assembly_city_id_check/,
      );
    });

    it("reject a second open cycle and a second support by one member", async () => {
      await dataSource.query(`UPDATE sip_cycle SET status = 'OPEN' WHERE id = 'EU:sip-2024'`);
      await rejects(`UPDATE sip_cycle SET status = 'OPEN' WHERE id = 'EU:sip-2025'`, /sip_cycle_one_open/);
      await dataSource.query(
        `INSERT INTO recommendation (id, cycle_id, title, status) VALUES ('EU:r', 'EU:sip-2024', 'x', 'PROPOSED')`,
      );
      await dataSource.query(
        `INSERT INTO recommendation_support (recommendation_id, member_id) VALUES ('EU:r', 'BE:m1')`,
      );
      await rejects(
        `INSERT INTO recommendation_support (recommendation_id, member_id) VALUES ('EU:r', 'BE:m1')`,
        /recommendation_support_pkey/,
      );
    });

    it("reject negative votes and a share price of nothing", async () => {
      await dataSource.query(
        `INSERT INTO assembly (id, held_on, city_id, title) VALUES ('EU:ga', '2024-01-01', 'BE:brussels', 'GA')`,
      );
      await rejects(
        `INSERT INTO resolution (id, assembly_id, position, title, votes_for, votes_against, abstentions, adopted)
         VALUES ('EU:ga-r1', 'EU:ga', 1, 'x', -1, 0, 0, false)`,
        /resolution_votes_for_check/,
      );
      await rejects(
        `INSERT INTO country (code, name, unit_name, legal_form, founded, share_price_amount, share_price_currency, share_price_period, admission)
         VALUES ('BE', 'Belgium', 'SmartCoop', 'SC', 1998, 0, 'EUR', 'YEARLY', 'ADMITTED')`,
        /country_share_price_amount_check/,
      );
    });

    it("keep a unit's admission consistent and its code a unit's, and count ballots for directory entries only", async () => {
      await dataSource.query(`TRUNCATE country CASCADE`);
      const insert = (code: string, admission: string, admittedAt = "NULL", retiredAt = "NULL") =>
        `INSERT INTO country (code, name, unit_name, legal_form, founded, share_price_amount, share_price_currency, share_price_period, admission, admitted_at, retired_at)
         VALUES ('${code}', 'Name', 'Smart ${code}', 'SC', 2020, 25, 'EUR', 'ONCE', '${admission}', ${admittedAt}, ${retiredAt})`;
      await rejects(insert("EU", "ADMITTED"), /country_code_check/);
      await rejects(insert("pt", "ADMITTED"), /country_code_check/);
      await rejects(insert("PT", "GONE"), /country_admission_check/);
      await rejects(insert("PT", "RETIRED"), /country_retired_at/);
      await rejects(insert("PT", "ADMITTED", "NULL", "now()"), /country_retired_at/);
      await rejects(insert("PT", "PROSPECTIVE", "now()"), /country_prospective_never_admitted/);
      await dataSource.query(insert("PT", "RETIRED", "now()", "now()"));
      await dataSource.query(`INSERT INTO ballot (token, subject_id, unit) VALUES (gen_random_uuid(), 'EU:x', 'PT')`);
      await rejects(
        `INSERT INTO ballot (token, subject_id, unit) VALUES (gen_random_uuid(), 'EU:x', 'LU')`,
        /ballot_unit_fkey/,
      );
      await dataSource.query(`TRUNCATE country CASCADE`);
    });
  });

  describe("revert", () => {
    it("undoes them one by one, to an empty database", async () => {
      const applied = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM migrations`))[0].n);
      let remaining = await applied();
      expect(remaining).to.equal(migrations.length);
      while (remaining > 0) {
        await dataSource.undoLastMigration({ transaction: "each" });
        const now = await applied();
        expect(now).to.equal(remaining - 1);
        remaining = now;
      }
      expect(await tables(dataSource)).to.deep.equal([]);
    });
  });
});

describe("migrations > units as data, on a seeded directory", () => {
  let postgres: PostgresServer;
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  before(async () => {
    postgres = await startTestPostgres();
    database = await createTestDatabase(postgres, "central_migrations_units");
    dataSource = await createDataSource({ url: database.url, poolSize: 2 }).initialize();
    await runMigrations(dataSource);
    await seedCentral(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await postgres?.stop();
  });

  const directory = async () =>
    Object.fromEntries(
      (await dataSource.query<{ code: string; admission?: string }[]>(`SELECT * FROM country ORDER BY code`)).map(
        (row) => [row.code, row.admission ?? "(no admission)"],
      ),
    );

  it("reverts to the nine units (a unit never admitted leaves with its names), and admits them when run again", async () => {
    expect(await directory()).to.include({ BE: "ADMITTED", PT: "PROSPECTIVE" });
    await dataSource.undoLastMigration({ transaction: "each" });
    expect(Object.keys(await directory())).to.deep.equal([...FOUNDING_UNITS]);
    expect(await dataSource.query(`SELECT 1 FROM translation WHERE subject_id = 'PT'`)).to.deep.equal([]);

    expect(await runMigrations(dataSource)).to.deep.equal([migrations.at(-1)!.name]);
    const after = await directory();
    expect(Object.keys(after)).to.deep.equal([...FOUNDING_UNITS]);
    expect(Object.values(after).every((admission) => admission === "ADMITTED")).to.equal(true);
  });

  it("refuses to revert once a unit beyond the nine has been in the graph", async () => {
    await dataSource.query(
      `INSERT INTO country (code, name, unit_name, legal_form, founded, share_price_amount, share_price_currency, share_price_period, admission, retired_at)
       VALUES ('PT', 'Portugal', 'Smart Portugal', 'CRL', 2025, 25, 'EUR', 'ONCE', 'RETIRED', now())`,
    );
    const error = await dataSource.undoLastMigration({ transaction: "each" }).then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error?.message).to.match(/country_code_check/);
    expect(await directory()).to.include({ PT: "RETIRED" });
  });
});
