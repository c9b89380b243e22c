import { z } from "zod";
import {
  corsPolicyFromEnv,
  isCountryCode,
  authSettingsFromEnv,
  gatewayPublicKeys,
  unitAudience,
  tokenRulesFromEnv,
  unitCursorKeys,
  defaultUnitPort,
  nodeEnv,
  port,
  postgresUrl,
  readConfig,
  type CorsPolicy,
  type AuthSettings,
  type CountryCode,
  type CursorKeys,
  type GatewayPublicKey,
  type TokenRules,
} from "@smart/platform";

export interface NationalConfig {
  unit: CountryCode;
  port: number;
  host: string;
  databaseUrl: string;
  /** Connections in the unit's Postgres pool (DB_POOL_SIZE). */
  poolSize: number;
  production: boolean;
  /** How long reads of personal data stay in the access log (ACCESS_LOG_RETENTION_DAYS). */
  accessLogRetentionDays: number;
  /** Whose tokens it accepts (AUTH_ISSUER, AUTH_JWKS_URI) and its audience (AUTH_AUDIENCE, default urn:smart:unit:<cc>). */
  auth: AuthSettings;
  tokenRules: TokenRules;
  /** GATEWAY_PUBLIC_KEYS: whose signatures are the gateway's. */
  gatewayKeys: GatewayPublicKey[];
  /** CURSOR_KEY (and CURSOR_KEY_ACCEPTED): this unit's own. */
  cursorKeys: CursorKeys;
  cors: CorsPolicy;
}

/** A unit's configuration from its environment; fails fast naming the variable. */
export function readNationalConfig(env: NodeJS.ProcessEnv = process.env): NationalConfig {
  const { UNIT: unit } = readConfig(
    { UNIT: z.string().refine(isCountryCode, "expected a unit's code, two capital letters such as BE") },
    env,
  );
  const config = readConfig(
    {
      PORT: port(defaultUnitPort(unit)),
      HOST: z.string().default("127.0.0.1"),
      DATABASE_URL: postgresUrl(),
      DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
      NODE_ENV: nodeEnv(),
      ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
    },
    env,
  );
  return {
    unit,
    port: config.PORT,
    host: config.HOST,
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DB_POOL_SIZE,
    production: config.NODE_ENV === "production",
    accessLogRetentionDays: config.ACCESS_LOG_RETENTION_DAYS,
    auth: authSettingsFromEnv(env, unitAudience(unit)),
    tokenRules: tokenRulesFromEnv(env),
    gatewayKeys: gatewayPublicKeys(env),
    cursorKeys: unitCursorKeys(unit, env),
    cors: corsPolicyFromEnv(env),
  };
}
