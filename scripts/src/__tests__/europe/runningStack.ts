import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePorts, sharedTestPostgres, testDatabaseName } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { requestDevelopmentToken, type PersonViewer } from "@smart/identity/client";
import { waitForHealth } from "../../stack/health.js";
import { migrateAndSeed } from "../../stack/migrateAndSeed.js";
import { openStackPostgres, type StackPostgres } from "../../stack/postgres.js";
import { Supervisor } from "../../stack/processes.js";
import { gatewayService, identityService, localUrl, subgraphServices } from "../../stack/services.js";
import { ALL_TARGETS } from "../../stack/targets.js";

/** Migrates and seeds a unit's database with the national package of another release's checkout (its own code). */
async function migrateAndSeedWith(dir: string, unit: FoundingUnit, url: string, membersPerUnit: number): Promise<void> {
  const national = (await import(
    pathToFileURL(path.join(dir, "services/national/dist/lib.js")).href
  )) as typeof import("@smart/national");
  const dataSource = national.createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  try {
    await national.runMigrations(dataSource);
    await national.seedUnit({ dataSource, unit, membersPerUnit });
  } finally {
    await dataSource.destroy();
  }
}

/** The whole stack as `npm start` runs it (built services, each its own process), seeded, on test databases. */
export interface RunningStack {
  gatewayUrl: string;
  /** http://127.0.0.1:<port> of the gateway, for pages. */
  gatewayOrigin: string;
  postgres: StackPostgres;
  /** Each unit's own /graphql, as its staff reach it. */
  unitUrls: Readonly<Record<FoundingUnit, string>>;
  /** Stops one unit's process for good (the supervisor restarts none). */
  stopUnit(unit: FoundingUnit): Promise<void>;
  bearer(viewer: PersonViewer): Promise<string>;
  /** GraphQL requests the nine units have answered so far, from their own /metrics (smart_graphql_requests_total). */
  unitRequests(): Promise<number>;
  /** POSTs to the gateway. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  stop(): Promise<void>;
}

export interface RunningStackOptions {
  /**
   * Units run by another release's national service: the folder of its checkout
   * (built). Its own code migrates and seeds its database, and runs it.
   */
  otherRelease?: Partial<Record<FoundingUnit, string>>;
}

export async function startRunningStack(
  membersPerUnit: number,
  options: RunningStackOptions = {},
): Promise<RunningStack> {
  const server = await sharedTestPostgres();
  const env = { DATABASE_URL: server.urlFor(testDatabaseName(options.otherRelease ? "skew" : "europe")) };
  const otherRelease = options.otherRelease ?? {};
  const ownTargets = ALL_TARGETS.filter((target) => target === "central" || !otherRelease[target as FoundingUnit]);
  const postgres = await openStackPostgres({ env, targets: ALL_TARGETS });
  const logs: string[] = [];
  const supervisor = new Supervisor({ maxRestarts: 0, write: (line) => void logs.push(line) });
  const dropAll = () => Promise.all(ALL_TARGETS.map((target) => server.dropDatabase(postgres.databaseOf(target))));
  try {
    await migrateAndSeed(postgres, ownTargets, membersPerUnit);
    for (const [unit, dir] of Object.entries(otherRelease)) {
      await postgres.ensureDatabase(unit);
      await migrateAndSeedWith(dir, unit as FoundingUnit, postgres.urlOf(unit), membersPerUnit);
    }
    // Distinct for sure: two services on one port would leave one answering for both.
    const [gateway, central, identity, ...unitPorts] = await freePorts(3 + FOUNDING_UNITS.length);
    const ports = {
      gateway: gateway!,
      central: central!,
      identity: identity!,
      units: Object.fromEntries(FOUNDING_UNITS.map((code, i) => [code, unitPorts[i]!])) as Record<FoundingUnit, number>,
    };
    const quiet = { LOG_LEVEL: "warn", SHARD_DEADLINE_MS: "5000" };
    // No member-rights worker: its rounds ask every unit for its backlog, and the tests count the calls that reach units.
    const gatewayEnv = { MEMBER_RIGHTS_RETRY_SECONDS: "0" };
    const services = [identityService(ports), ...subgraphServices(ports, postgres), gatewayService(ports)].map((s) => ({
      ...s,
      ...(otherRelease[s.name as FoundingUnit]
        ? { entry: path.join(otherRelease[s.name as FoundingUnit]!, "services/national/dist/index.js") }
        : {}),
      env: { ...s.env, ...quiet, ...(s.name === "gateway" ? gatewayEnv : {}) },
    }));
    for (const service of services.slice(0, -1)) supervisor.start(service);
    const up = await Promise.all(services.slice(0, -1).map((s) => waitForHealth(localUrl(s.port, "/health"))));
    supervisor.start(services.at(-1)!);
    if (!up.every(Boolean) || !(await waitForHealth(localUrl(ports.gateway, "/health"))))
      throw new Error(`The stack did not come up:\n${logs.slice(-30).join("\n")}`);
    const gatewayUrl = localUrl(ports.gateway, "/graphql");
    return {
      gatewayUrl,
      gatewayOrigin: localUrl(ports.gateway, ""),
      postgres,
      unitUrls: Object.fromEntries(
        FOUNDING_UNITS.map((code) => [code, localUrl(ports.units[code], "/graphql")]),
      ) as Record<FoundingUnit, string>,
      async stopUnit(unit) {
        const child = supervisor.state(unit)?.child;
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      },
      bearer: async (viewer) => (await requestDevelopmentToken(localUrl(ports.identity, "/token"), viewer)).accessToken,
      async unitRequests() {
        const counts = await Promise.all(
          FOUNDING_UNITS.map(async (code) =>
            answeredRequests(await (await fetch(localUrl(ports.units[code], "/metrics"))).text()),
          ),
        );
        return counts.reduce((a, b) => a + b, 0);
      },
      async query(query, variables = {}, token) {
        const response = await fetch(gatewayUrl, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as never;
      },
      async stop() {
        await supervisor.stopAll();
        await dropAll();
        await postgres.stop();
      },
    };
  } catch (error) {
    await supervisor.stopAll();
    await dropAll().catch(() => {});
    await postgres.stop();
    throw error;
  }
}

/** The sum of smart_graphql_requests_total over its labels, in a Prometheus text exposition. */
function answeredRequests(metrics: string): number {
  return metrics
    .split("\n")
    .filter((line) => line.startsWith("smart_graphql_requests_total{"))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}
