import { exitOnConfigError, readDatabaseConfig } from "@smart/platform";
import { createDataSource, runMigrations } from "../data-source.js";

/**
 * `DATABASE_URL=… node dist/cli/migrate.js` runs the unit's pending migrations and
 * exits (the Kubernetes Deployment's init container: a new version's schema is in
 * place before its pods take traffic; the server there runs with MIGRATE_ON_START=false).
 * Migrators take the database's migration lock, so two started at once run one after the other.
 */
async function main(): Promise<void> {
  const { databaseUrl } = readDatabaseConfig();
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  try {
    const ran = await runMigrations(dataSource);
    console.log(ran.length ? `Ran ${ran.join(", ")}.` : "No pending migrations.");
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
