import { exitOnConfigError } from "@smart/platform";
import { readDatabaseConfig } from "../config.js";
import { createDataSource, runMigrations } from "../data-source.js";

/**
 * `DATABASE_URL=… node dist/cli/migrate.js` runs the pending migrations;
 * `--revert` undoes the last one instead.
 */
async function main(): Promise<void> {
  const { DATABASE_URL } = readDatabaseConfig();
  const dataSource = await createDataSource({ url: DATABASE_URL, poolSize: 1 }).initialize();
  try {
    if (process.argv.includes("--revert")) {
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
