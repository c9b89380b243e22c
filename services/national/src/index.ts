import { createLogger, exitOnConfigError, listen } from "@smart/platform";
import { readNationalConfig } from "./config.js";
import { createDataSource, runMigrations } from "./data-source.js";
import { buildNationalServer } from "./server.js";

/** Starts one unit: `UNIT=BE DATABASE_URL=… node dist/index.js`. Runs pending migrations first. */
async function main(): Promise<void> {
  const config = readNationalConfig();
  const logger = createLogger("national", { unit: config.unit });
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE });
  await dataSource.initialize();
  const applied = await runMigrations(dataSource);
  if (applied.length) logger.info({ migrations: applied }, "migrated");
  const { apollo, app } = await buildNationalServer({ unit: config.unit, dataSource, jwtSecret: config.jwtSecret, tokenRules: config.tokenRules, signingSecrets: config.signingSecrets, production: config.NODE_ENV === "production" });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ url: server.url }, `${config.unit} unit ready`);

  const stop = async (signal: string) => {
    logger.info({ signal }, "stopping");
    await server.close();
    await apollo.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once("SIGINT", (signal) => void stop(signal));
  process.once("SIGTERM", (signal) => void stop(signal));
}

main().catch((error) => {
  exitOnConfigError(error);
});
