import "./tracing.js";
import { createLogger, exitOnConfigError, listen, queryLimitsFromEnv, shutdownOnSignals } from "@smart/platform";
import { prepareSchema, readMigrationConfig } from "@smart/platform/persistence";
import { readNationalConfig } from "./config.js";
import { createDataSource } from "./data-source.js";
import { buildNationalServer } from "./server.js";
import { purgeAccessLog } from "./memberRights/personalReads.js";

/**
 * Starts one unit: `UNIT=BE DATABASE_URL=… node dist/index.js`. Runs pending migrations first (under
 * the database's migration lock), or with MIGRATE_ON_START=false only checks none is pending.
 */
async function main(): Promise<void> {
  const config = readNationalConfig();
  const migration = readMigrationConfig();
  const logger = createLogger("national", { unit: config.unit });
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: config.poolSize });
  await dataSource.initialize();
  const applied = await prepareSchema(dataSource, migration);
  if (applied.length) logger.info({ migrations: applied }, "migrated");
  const { apollo, app } = await buildNationalServer({
    unit: config.unit,
    dataSource,
    auth: config.auth,
    tokenRules: config.tokenRules,
    gatewayKeys: config.gatewayKeys,
    cursorKeys: config.cursorKeys,
    limits: queryLimitsFromEnv(),
    production: config.production,
    cors: config.cors,
  });
  const server = await listen(app, config.port, config.host);
  // The access log keeps ACCESS_LOG_RETENTION_DAYS; older reads go once at start and then daily.
  const purge = () =>
    purgeAccessLog(dataSource, config.accessLogRetentionDays).then(
      (deleted) => deleted && logger.info({ deleted }, "access log purged"),
      (error: unknown) => logger.error({ err: error }, "access log purge failed"),
    );
  void purge();
  const purgeTimer = setInterval(() => void purge(), 24 * 3600 * 1000).unref();
  if (config.cors.warning) logger.warn(config.cors.warning);
  logger.info({ url: server.url, corsOrigins: config.cors.summary }, `${config.unit} unit ready`);
  shutdownOnSignals({
    server: server.server,
    logger,
    close: [async () => clearInterval(purgeTimer), () => apollo.stop(), () => dataSource.destroy()],
  });
}

main().catch((error) => {
  exitOnConfigError(error);
});
