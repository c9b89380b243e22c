import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import pg from "pg";
import { sharedTestPostgres, testDatabaseName, type PostgresServer } from "@smart/devdb";
import { FOUNDING_UNITS } from "@smart/platform";
import { formatSeedReport, migrateAndSeed } from "../stack/migrateAndSeed.js";
import { openStackPostgres, type StackPostgres } from "../stack/postgres.js";
import type { DatabaseTarget } from "../stack/targets.js";

const SCRIPTS_DIR = path.resolve(import.meta.dirname, "../..");

async function queryOne<T>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as T;
  } finally {
    await client.end();
  }
}

const unitCounts = (url: string) =>
  queryOne<{ members: number; cities: number; workspaces: number; foreign: number }>(
    url,
    `SELECT (SELECT count(*)::int FROM member) AS members, (SELECT count(*)::int FROM city) AS cities,
            (SELECT count(*)::int FROM workspace) AS workspaces,
            (SELECT count(*)::int FROM member WHERE split_part(id, ':', 1) <> split_part(city_id, ':', 1)) AS foreign`,
  );

describe("scripts > seed (e2e)", () => {
  let server: PostgresServer;
  const created: string[] = [];

  /** Stack databases named after a fresh `DATABASE_URL`, as `npm run seed` would use them. */
  async function stackOn(
    targets: readonly DatabaseTarget[],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<{ postgres: StackPostgres; env: NodeJS.ProcessEnv }> {
    const prefix = testDatabaseName("stack");
    const env = { DATABASE_URL: server.urlFor(prefix), ...extraEnv };
    const postgres = await openStackPostgres({ env, targets });
    created.push(...targets.map((t) => postgres.databaseOf(t)));
    return { postgres, env };
  }

  before(async () => {
    server = await sharedTestPostgres();
  });

  after(async () => {
    for (const database of created) await server.dropDatabase(database);
  });

  it("seeds two units and central, then leaves them alone", async () => {
    const targets = ["BE", "ES", "central"] as const;
    const { postgres } = await stackOn(targets);
    const first = await migrateAndSeed(postgres, targets, 120);
    expect(first.databases.map((d) => [d.target, d.seeded, d.members])).to.deep.equal([
      ["BE", true, 120],
      ["ES", true, 120],
      ["central", true, 0],
    ]);
    expect(postgres.databaseOf("BE")).to.match(/^test_[0-9a-f]+_stack_be$/);

    expect(await unitCounts(postgres.urlOf("BE"))).to.deep.equal({
      members: 120,
      cities: 10,
      workspaces: 3,
      foreign: 0,
    });
    expect(await unitCounts(postgres.urlOf("ES"))).to.deep.equal({
      members: 120,
      cities: 4,
      workspaces: 1,
      foreign: 0,
    });
    const central = await queryOne<{ countries: number }>(
      postgres.urlOf("central"),
      `SELECT count(*)::int AS countries FROM country`,
    );
    // The nine, and Portugal, known but not admitted.
    expect(central.countries).to.equal(10);

    const again = await migrateAndSeed(postgres, targets, 500);
    expect(again.databases.map((d) => d.seeded)).to.deep.equal([false, false, false]);
    expect((await unitCounts(postgres.urlOf("BE"))).members).to.equal(120);
  });

  it("seeds a unit that is not a founding one (PT), and central's directory admitting exactly the units asked", async () => {
    const targets = ["PT", "central"] as const;
    const admissionsOf = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT code, admission FROM country ORDER BY code`);
        return Object.fromEntries(rows.map((row: { code: string; admission: string }) => [row.code, row.admission]));
      } finally {
        await client.end();
      }
    };
    const { postgres } = await stackOn(targets);
    const nineAndPortugal = [...FOUNDING_UNITS, "PT"];
    const first = await migrateAndSeed(postgres, targets, 30, nineAndPortugal);
    expect(first.databases.map((d) => [d.target, d.seeded, d.members])).to.deep.equal([
      ["PT", true, 30],
      ["central", true, 0],
    ]);
    expect(await unitCounts(postgres.urlOf("PT"))).to.deep.include({ members: 30, cities: 3, foreign: 0 });
    const seeded = await admissionsOf(postgres.urlOf("central"));
    expect(Object.keys(seeded).filter((code) => seeded[code] === "ADMITTED")).to.deep.equal(
      [...nineAndPortugal].sort(),
    );

    // Seeded before: brought to the units asked, the others' rows kept, RETIRED.
    const withoutSweden = nineAndPortugal.filter((code) => code !== "SE");
    const again = await migrateAndSeed(postgres, ["central"], 30, withoutSweden);
    expect(again.databases[0]).to.deep.include({ seeded: false, admissions: { admitted: [], retired: ["SE"] } });
    expect(formatSeedReport(again)).to.match(/already seeded, retired SE/);
    expect(await admissionsOf(postgres.urlOf("central"))).to.deep.include({ SE: "RETIRED", PT: "ADMITTED" });
    const back = await migrateAndSeed(postgres, ["central"], 30, FOUNDING_UNITS);
    expect(back.databases[0]!.admissions).to.deep.equal({ admitted: ["SE"], retired: ["PT"] });
    expect(await admissionsOf(postgres.urlOf("central"))).to.deep.include({ SE: "ADMITTED", PT: "RETIRED" });

    // A code the directory does not know needs its details: nothing changes.
    let error: Error | undefined;
    await migrateAndSeed(postgres, ["central"], 30, ["BE", "LU"]).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/central: the central office's directory does not know LU/);
    expect((await admissionsOf(postgres.urlOf("central"))).SE).to.equal("ADMITTED");
  });

  it("puts a unit with its own DATABASE_URL_<CODE> where that URL says", async () => {
    const own = testDatabaseName("own_fr");
    created.push(own);
    const { postgres } = await stackOn(["FR", "AT"], { DATABASE_URL_FR: server.urlFor(own) });
    await migrateAndSeed(postgres, ["FR", "AT"], 30);
    expect(postgres.databaseOf("FR")).to.equal(own);
    expect((await unitCounts(server.urlFor(own))).members).to.equal(30);
    expect((await unitCounts(postgres.urlOf("AT"))).members).to.equal(30);
  });

  it("runs as `npm run seed` does and prints the time per unit and in total", async () => {
    const prefix = testDatabaseName("cli");
    created.push(`${prefix}_hu`, `${prefix}_central`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/seed.ts", "--units", "HU,central", "--members-per-unit", "25"],
      {
        cwd: SCRIPTS_DIR,
        env: { ...process.env, DATABASE_URL: server.urlFor(prefix) },
      },
    );
    expect(stdout).to.match(new RegExp(`HU\\s+${prefix}_hu\\s+[0-9.]+ s\\s+seeded 25 members`));
    expect(stdout).to.match(new RegExp(`central\\s+${prefix}_central\\s+[0-9.]+ s\\s+seeded`));
    expect(stdout).to.match(/total\s+[0-9.]+ s/);
  });

  it("measures one unit of 100,000 members (reported, not asserted)", async function () {
    this.timeout(600_000);
    const { postgres } = await stackOn(["SE"]);
    const { databases } = await migrateAndSeed(postgres, ["SE"], 100_000);
    expect((await unitCounts(postgres.urlOf("SE"))).members).to.equal(100_000);
    console.log(`      seed of 100,000 members for SE: ${databases[0]!.seconds.toFixed(1)} s (migrations included)`);
  });
});
