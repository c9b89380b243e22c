import { createLogger, exitOnConfigError, listen, queryLimitsFromEnv } from "@smart/platform";
import { readGatewayConfig } from "./config.js";
import { buildGateway } from "./server.js";

const logger = createLogger("gateway");

try {
  const config = readGatewayConfig(process.env);
  const gateway = await buildGateway({ ...config, limits: queryLimitsFromEnv(process.env), logger });
  const server = await listen(gateway.app, config.port, config.host);
  logger.info({ url: server.url, units: config.unitUrls, central: config.centralUrl, deadlineMs: config.deadlineMs }, "gateway ready");
  const shutdown = async () => {
    await server.close();
    await gateway.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
} catch (error) {
  exitOnConfigError(error);
}
