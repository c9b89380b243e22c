import { z } from "zod";
import {
  corsPolicyFromEnv,
  DEFAULT_CENTRAL_PORT,
  authSettingsFromEnv,
  CENTRAL_AUDIENCE,
  gatewayPublicKeys,
  tokenRulesFromEnv,
  nodeEnv,
  port,
  postgresUrl,
  readConfig,
  type AuthSettings,
  type CorsPolicy,
  type GatewayPublicKey,
  type TokenRules,
} from "@smart/platform";

export interface CentralConfig {
  port: number;
  host: string;
  databaseUrl: string;
  production: boolean;
  /** The identity provider; its audience (AUTH_AUDIENCE, default urn:smart:central) is named by no person's token: people reach central through the gateway. */
  auth: AuthSettings;
  tokenRules: TokenRules;
  /** GATEWAY_PUBLIC_KEYS: whose signatures are the gateway's. */
  gatewayKeys: GatewayPublicKey[];
  cors: CorsPolicy;
}

/** The environment the central subgraph reads; fails fast naming any bad variable. */
export function readCentralConfig(env: NodeJS.ProcessEnv = process.env): CentralConfig {
  const config = readConfig(
    {
      PORT: port(DEFAULT_CENTRAL_PORT),
      HOST: z.string().default("127.0.0.1"),
      DATABASE_URL: postgresUrl(),
      NODE_ENV: nodeEnv(),
    },
    env,
  );
  return {
    port: config.PORT,
    host: config.HOST,
    databaseUrl: config.DATABASE_URL,
    production: config.NODE_ENV === "production",
    auth: authSettingsFromEnv(env, CENTRAL_AUDIENCE),
    tokenRules: tokenRulesFromEnv(env),
    gatewayKeys: gatewayPublicKeys(env),
    cors: corsPolicyFromEnv(env),
  };
}
