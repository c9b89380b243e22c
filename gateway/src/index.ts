import "./tracing.js";
import { createLogger, exitOnConfigError, listen, queryLimitsFromEnv, shutdownOnSignals } from "@smart/platform";
import { readGatewayConfig } from "./config.js";
import { buildGateway } from "./server.js";

const logger = createLogger("gateway");

try {
  const config = readGatewayConfig(process.env);
  const gateway = await buildGateway({ ...config, limits: queryLimitsFromEnv(process.env), logger });
  const server = await listen(gateway.app, config.port, config.host);
  if (config.cors.warning) logger.warn(config.cors.warning);
  logger.info(
    {
      url: server.url,
      units: config.units,
      unitUrls: config.unitUrls,
      unitUrlTemplate: config.unitUrlTemplate,
      central: config.centralUrl,
      deadlineMs: config.deadlineMs,
      corsOrigins: config.cors.summary,
      ide: config.ide,
    },
    config.ide ? `gateway ready; IDE at ${server.url} in a browser` : "gateway ready",
  );
  shutdownOnSignals({ server: server.server, logger, close: [() => gateway.stop()] });
} catch (error) {
  exitOnConfigError(error);
}
