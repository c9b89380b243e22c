import { z } from "zod";
import { exitOnConfigError, readArgs, readDatabaseConfig } from "@smart/platform";
import { createDataSource, runMigrations } from "../data-source.js";

/**
 * `DATABASE_URL=… node dist/cli/migrate.js` runs the pending migrations;
 * `--revert` undoes the last one instead.
 */
async function main(): Promise<void> {
  const { values } = readArgs(process.argv.slice(2), { revert: z.boolean().default(false) });
  const { databaseUrl } = readDatabaseConfig();
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  try {
    if (values.revert) {
      await dataSource.undoLastMigration({ transaction: "each" });
      console.log("Reverted the last migration.");
    } else {
      const ran = await runMigrations(dataSource);
      console.log(ran.length ? `Ran ${ran.join(", ")}.` : "No pending migrations.");
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
