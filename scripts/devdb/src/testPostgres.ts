import { randomBytes } from "node:crypto";
import { externalPostgres, startEmbeddedPostgres, throwawayDataDir, type PostgresServer } from "./postgresServer.js";
import { freePort } from "./freePort.js";

/**
 * The Postgres a test run uses: the server `DATABASE_URL` names when it is set,
 * otherwise a throwaway embedded cluster. Either way tests get their own fresh
 * databases (`createTestDatabase`) and drop them afterwards.
 */
export async function startTestPostgres(env: NodeJS.ProcessEnv = process.env): Promise<PostgresServer> {
  if (env.DATABASE_URL) return externalPostgres(env.DATABASE_URL);
  return startEmbeddedPostgres({ dataDir: await throwawayDataDir(), port: await freePort(), persistent: false });
}

/** A unique database name for one test, e.g. `test_k3j9x0_be`. */
export function testDatabaseName(label: string): string {
  return `test_${randomBytes(4).toString("hex")}_${label.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
}

/** Creates a fresh database and returns its URL and a function that drops it. */
export async function createTestDatabase(
  server: PostgresServer,
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = testDatabaseName(label);
  await server.createDatabase(name);
  return { url: server.urlFor(name), drop: () => server.dropDatabase(name) };
}
