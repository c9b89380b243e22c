import { exitOnConfigError, readDatabaseConfig } from "@smart/platform";
import { createDataSource, runMigrations } from "../data-source.js";
import { seedCentral } from "../seed/seedCentral.js";

/** `DATABASE_URL=… node dist/cli/seed.js`: migrates, then seeds unless countries exist. */
async function main(): Promise<void> {
  const { databaseUrl } = readDatabaseConfig();
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  try {
    await runMigrations(dataSource);
    console.log(
      (await seedCentral(dataSource)) ? "Seeded the central office's data." : "Already seeded: nothing to do.",
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
