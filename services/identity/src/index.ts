import { createLogger, exitOnConfigError, listen, shutdownOnSignals } from "@smart/platform";
import { readIdentityConfig } from "./config.js";
import { loadSigningKeys } from "./keys.js";
import { buildIdentityProvider, PUBLIC_CLIENTS } from "./provider.js";
import { DEVELOPMENT_GRANT } from "./developmentToken.js";

/** Starts the development identity provider: the only module that reads the environment and listens. */
async function main(): Promise<void> {
  const config = readIdentityConfig();
  const logger = createLogger("identity");
  const built = buildIdentityProvider({
    issuer: config.issuer,
    gatewayUrl: config.gatewayUrl,
    keys: await loadSigningKeys(config.keysFile),
    nodeEnv: config.nodeEnv,
  });
  const running = await listen(built.listener, config.port, config.host);
  logger.warn("DEVELOPMENT identity provider: anyone can sign in as any account, without a password. Never expose it.");
  logger.info(
    {
      issuer: built.issuer,
      discovery: `${built.issuer}/.well-known/openid-configuration`,
      jwks: built.jwksUri,
      clients: Object.keys(PUBLIC_CLIENTS),
      developmentGrant: DEVELOPMENT_GRANT,
      keys: config.keysFile ?? "in memory",
      listening: `${config.host}:${running.port}`,
    },
    "identity provider ready",
  );
  shutdownOnSignals({ server: running.server, logger, close: [] });
}

main().catch((error: unknown) => {
  exitOnConfigError(error);
});
