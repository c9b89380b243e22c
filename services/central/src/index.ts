import { createLogger, exitOnConfigError, listen, queryLimitsFromEnv } from "@smart/platform";
import { readCentralConfig } from "./config.js";
import { createDataSource, runMigrations } from "./data-source.js";
import { buildCentralServer } from "./server.js";

/** Starts the central subgraph: the only module that reads the environment and listens. */
async function main(): Promise<void> {
  const config = readCentralConfig();
  const logger = createLogger("central");
  const dataSource = await createDataSource({ url: config.DATABASE_URL }).initialize();
  const ran = await runMigrations(dataSource);
  if (ran.length > 0) logger.info({ migrations: ran }, "ran pending migrations");

  const { apollo, app } = await buildCentralServer({
    dataSource,
    jwtSecret: config.jwtSecret,
    signingSecrets: config.signingSecrets,
    tokenRules: config.tokenRules,
    logger,
    limits: queryLimitsFromEnv(),
    production: config.NODE_ENV === "production",
  });
  const running = await listen(app, config.PORT, config.HOST);
  logger.info({ url: running.url, env: config.NODE_ENV }, "central subgraph ready");

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await running.close();
    await apollo.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once("SIGINT", (signal) => void shutdown(signal));
  process.once("SIGTERM", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
