import "./tracing.js";
import { createLogger, exitOnConfigError, listen, queryLimitsFromEnv, shutdownOnSignals } from "@smart/platform";
import { prepareSchema, readMigrationConfig } from "@smart/platform/persistence";
import { readCentralConfig } from "./config.js";
import { createDataSource } from "./data-source.js";
import { buildCentralServer } from "./server.js";

/**
 * Starts the central subgraph: the only module that reads the environment and listens. Migrates
 * first (under the migration lock), or with MIGRATE_ON_START=false only checks none is pending.
 */
async function main(): Promise<void> {
  const config = readCentralConfig();
  const migration = readMigrationConfig();
  const logger = createLogger("central");
  const dataSource = await createDataSource({ url: config.databaseUrl }).initialize();
  const ran = await prepareSchema(dataSource, migration);
  if (ran.length > 0) logger.info({ migrations: ran }, "ran pending migrations");

  const { apollo, app } = await buildCentralServer({
    dataSource,
    auth: config.auth,
    gatewayKeys: config.gatewayKeys,
    tokenRules: config.tokenRules,
    logger,
    limits: queryLimitsFromEnv(),
    production: config.production,
    cors: config.cors,
  });
  const running = await listen(app, config.port, config.host);
  if (config.cors.warning) logger.warn(config.cors.warning);
  logger.info(
    { url: running.url, production: config.production, corsOrigins: config.cors.summary },
    "central subgraph ready",
  );
  shutdownOnSignals({ server: running.server, logger, close: [() => apollo.stop(), () => dataSource.destroy()] });
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
