import type { PostgresServer } from "./postgresServer.js";
import { startTestPostgres } from "./testPostgres.js";

let shared: Promise<PostgresServer> | undefined;

/**
 * One Postgres for a whole test run, started on first use. Register
 * `@smart/devdb/mocha` in .mocharc `require` so the run stops it at the end.
 */
export function sharedTestPostgres(): Promise<PostgresServer> {
  shared ??= startTestPostgres();
  return shared;
}

export async function stopSharedTestPostgres(): Promise<void> {
  if (!shared) return;
  const server = await shared;
  shared = undefined;
  await server.stop();
}
