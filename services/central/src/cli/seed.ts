import { exitOnConfigError } from "@smart/platform";
import { readDatabaseConfig } from "../config.js";
import { createDataSource, runMigrations } from "../data-source.js";
import { seedCentral } from "../seed/seedCentral.js";

/** `DATABASE_URL=… node dist/cli/seed.js`: migrates, then seeds unless countries exist. */
async function main(): Promise<void> {
  const { DATABASE_URL } = readDatabaseConfig();
  const dataSource = await createDataSource({ url: DATABASE_URL, poolSize: 1 }).initialize();
  try {
    await runMigrations(dataSource);
    console.log((await seedCentral(dataSource)) ? "Seeded the central office's data." : "Already seeded: nothing to do.");
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
