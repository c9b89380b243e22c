import { DEFAULT_CENTRAL_PORT, nodeEnv, port, postgresUrl, readConfig } from "@smart/platform";

/** The environment the central subgraph reads; fails fast naming any bad variable. */
export function readCentralConfig(env: NodeJS.ProcessEnv = process.env) {
  return readConfig({ PORT: port(DEFAULT_CENTRAL_PORT), DATABASE_URL: postgresUrl(), NODE_ENV: nodeEnv() }, env);
}

/** What the CLIs need: only the database. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env) {
  return readConfig({ DATABASE_URL: postgresUrl() }, env);
}
