import { z } from "zod";
import { DEFAULT_CENTRAL_PORT, jwtSecret, signingSecrets, tokenRulesFromEnv, nodeEnv, port, postgresUrl, readConfig } from "@smart/platform";

/** The environment the central subgraph reads; fails fast naming any bad variable. */
export function readCentralConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = readConfig({ PORT: port(DEFAULT_CENTRAL_PORT), HOST: z.string().default("127.0.0.1"), DATABASE_URL: postgresUrl(), NODE_ENV: nodeEnv() }, env);
  return { ...config, jwtSecret: jwtSecret(env), tokenRules: tokenRulesFromEnv(env), signingSecrets: signingSecrets(env) };
}

/** What the CLIs need: only the database. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env) {
  return readConfig({ DATABASE_URL: postgresUrl() }, env);
}
