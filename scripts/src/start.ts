/**
 * `npm start [-- --units AT,BE,…,PT] [--members-per-unit N]`: the whole stack on one
 * machine. Picks Postgres (DATABASE_URL, DATABASE_URL_<CODE>, or an embedded cluster in
 * .data/postgres), migrates and seeds the empty databases (central's directory admitting
 * exactly the units listed), then runs the development identity provider, the units
 * (the founding nine by default), central and the gateway as child processes until
 * Ctrl-C or SIGTERM. While it runs, .data/stack.json (STACK_STATE_FILE) says how to
 * reach it, for `npm run unit`.
 */
import { exitOnConfigError } from "@smart/platform";
import { formatSeedReport, migrateAndSeed } from "./stack/migrateAndSeed.js";
import { waitForHealth } from "./stack/health.js";
import { parseStartOptions, type StartOptions } from "./stack/options.js";
import { assertPortsFree, stackPorts, type StackPorts } from "./stack/ports.js";
import { openStackPostgres, type StackPostgres } from "./stack/postgres.js";
import { Supervisor } from "./stack/processes.js";
import { DEFAULT_IDENTITY_KEYS_FILE } from "./stack/paths.js";
import {
  gatewayService,
  identityService,
  localUrl,
  STACK_UNIT_URL_TEMPLATE,
  subgraphServices,
  type StackService,
} from "./stack/services.js";
import { stackBanner, type ServiceHealth } from "./stack/banner.js";
import { exitWithError, takeOverShutdownSignals } from "./stack/signals.js";
import { readStackState, removeStackState, stackStateFile, writeStackState } from "./stack/state.js";
import { targetsOf } from "./stack/targets.js";

const usage = "usage: npm start -- [--units AT,BE,DE,ES,FR,HU,IT,NL,SE,PT] [--members-per-unit N]";

const supervisor = new Supervisor();
const stateFile = stackStateFile();
let postgres: Promise<StackPostgres> | undefined;
let stopping: Promise<void> | undefined;

/** Services first, then Postgres; once, however many signals or failures ask for it. */
function stopStack(): Promise<void> {
  stopping ??= (async () => {
    await removeStackState(stateFile);
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

/** The command line and the ports, or a usage (64) or configuration (78) error before anything starts. */
function readCommandLine(): { options: StartOptions; ports: StackPorts } {
  try {
    const options = parseStartOptions(process.argv.slice(2));
    return { options, ports: stackPorts(process.env, options.units) };
  } catch (error) {
    exitOnConfigError(error, usage);
  }
}

async function main(): Promise<void> {
  const { options, ports } = readCommandLine();
  await assertPortsFree(ports);
  const running = await readStackState(stateFile);
  if (running)
    throw new Error(
      `Another stack (pid ${running.pid}, gateway port ${running.ports.gateway}) is running and owns ${stateFile}: stop it, or set STACK_STATE_FILE for this one.`,
    );
  takeOverShutdownSignals(stopStack);

  const targets = targetsOf(options.units);
  postgres = openStackPostgres({ targets });
  const server = await postgres;
  console.log(`Postgres: ${server.description}`);
  console.log(
    `Migrating, and seeding empty databases with ${options.membersPerUnit.toLocaleString("en")} members per unit (${options.units.join(", ")})…`,
  );
  console.log(formatSeedReport(await migrateAndSeed(server, targets, options.membersPerUnit, options.units)));
  if (stopping) return;

  // The identity provider before the gateway: every service checks tokens against its keys.
  const health = await startAndWait([
    identityService(ports, { keysFile: DEFAULT_IDENTITY_KEYS_FILE }),
    ...subgraphServices(ports, server),
  ]);
  health.push(...(await startAndWait([gatewayService(ports)])));
  if (stopping) return;
  await writeStackState(stateFile, {
    pid: process.pid,
    ports,
    unitUrlTemplate: STACK_UNIT_URL_TEMPLATE,
    postgresEnv: server.sharedEnv,
  });
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

main().catch((error: unknown) => {
  if (stopping) return; // a signal is already stopping everything; this is its echo
  console.error(error instanceof Error ? error.message : error);
  stopStack().then(() => process.exit(1), exitWithError);
});
