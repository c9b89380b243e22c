import { expect } from "chai";
import { createTestDatabase, sharedTestPostgres } from "@smart/devdb";
import { createDataSource, migrations } from "../data-source.js";

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
          await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`)
        ).map((r: { table_name: string }) => r.table_name);
      expect(await tables()).to.include.members(["city", "member", "workspace", "booking", "workspace_day"]);
      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
      expect(await tables()).to.deep.equal([]);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
