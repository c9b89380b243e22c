import { expect } from "chai";
import { createTestDatabase, sharedTestPostgres } from "@smart/devdb";
import { createDataSource, migrations, runMigrations } from "../data-source.js";

describe("national > migrations", () => {
  it("run on an empty database and revert to nothing", async () => {
    const database = await createTestDatabase(await sharedTestPostgres(), "migrations");
    const dataSource = createDataSource({ url: database.url, poolSize: 2 });
    try {
      await dataSource.initialize();
      const applied = await dataSource.runMigrations();
      expect(applied).to.have.length(migrations.length);
      const tables = async () =>
        (
          await dataSource.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
          )
        ).map((r: { table_name: string }) => r.table_name);
      expect(await tables()).to.include.members(["city", "member", "workspace", "booking", "workspace_day"]);
      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
      expect(await tables()).to.deep.equal([]);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it("run once when two migrators start at once on a fresh database: the second waits for the lock and finds nothing pending", async () => {
    const database = await createTestDatabase(await sharedTestPostgres(), "migrations_race");
    // Two replicas' migrators: one connection each, as the init container's.
    const [first, second] = [
      createDataSource({ url: database.url, poolSize: 1 }),
      createDataSource({ url: database.url, poolSize: 1 }),
    ];
    try {
      await Promise.all([first.initialize(), second.initialize()]);
      const ran = await Promise.all([runMigrations(first), runMigrations(second)]);
      const names = migrations.map((migration) => new migration().name);
      expect([...ran].sort((a, b) => b.length - a.length)).to.deep.equal([names, []]);
      const rows: { name: string }[] = await first.query(`SELECT name FROM migrations ORDER BY id`);
      expect(rows.map((r) => r.name)).to.deep.equal(names);
      expect(await first.showMigrations(), "nothing pending").to.equal(false);
      const tables: { n: string }[] = await first.query(
        `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'member'`,
      );
      expect(tables[0]!.n).to.equal("1");
      // The lock is given back: a third migrator does not wait.
      expect(await runMigrations(second)).to.deep.equal([]);
      const held: { n: string }[] = await first.query(
        `SELECT count(*)::text AS n FROM pg_locks WHERE locktype = 'advisory'`,
      );
      expect(held[0]!.n).to.equal("0");
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
      await database.drop();
    }
  });

  it("connect with TLS when the URL asks for it: verify-full is refused by a Postgres without TLS, never downgraded", async () => {
    const database = await createTestDatabase(await sharedTestPostgres(), "migrations_tls");
    const url = new URL(database.url);
    url.searchParams.set("sslmode", "verify-full");
    url.searchParams.set("sslrootcert", "system");
    const dataSource = createDataSource({ url: url.toString(), poolSize: 1 });
    try {
      const error = await dataSource.initialize().then(
        () => null,
        (caught: Error) => caught,
      );
      // The test Postgres speaks plaintext only (a TLS one would fail the certificate check instead).
      expect(error?.message).to.match(/does not support SSL|certificate|self.signed/i);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
