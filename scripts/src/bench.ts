/**
 * `npm run bench [-- --duration 10 --members-per-unit 10000]`: starts its own stack
 * (nine units, central, gateway — each its own process — on a throwaway Postgres,
 * or on the server DATABASE_URL names, in `smart_bench_*` databases), seeds it, and
 * measures each scenario with autocannon over loopback. Prints a Markdown table.
 * `--only memberStats` runs the scenarios whose name holds that text.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { freePort } from "@smart/devdb";
import { COUNTRY_CODES, DEVELOPMENT_JWT_SECRET, signToken, type CountryCode } from "@smart/platform";
import { autocannonOptions, DEFAULT_CONNECTIONS, graphqlBody, type Scenario } from "./bench/scenarios.js";
import { waitForHealth } from "./stack/health.js";
import { migrateAndSeed } from "./stack/migrateAndSeed.js";
import { openStackPostgres, withDatabase } from "./stack/postgres.js";
import { Supervisor } from "./stack/processes.js";
import { gatewayService, localUrl, subgraphServices } from "./stack/services.js";
import { ALL_TARGETS } from "./stack/targets.js";

const { values: args } = parseArgs({
  options: { duration: { type: "string", default: "10" }, "members-per-unit": { type: "string", default: "10000" }, only: { type: "string" } },
});
const durationSeconds = Number(args.duration);
const membersPerUnit = Number(args["members-per-unit"]);

const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function benchEnvironment(): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    return { env: { ...process.env, DATABASE_URL: withDatabase(process.env.DATABASE_URL, "smart_bench") }, cleanup: async () => {} };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "smart-bench-"));
  await fs.chmod(dir, 0o755);
  const env = { ...process.env, EMBEDDED_PG_DIR: path.join(dir, "data"), EMBEDDED_PG_PORT: String(await freePort()) };
  return { env, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const { env, cleanup } = await benchEnvironment();
  const postgres = await openStackPostgres({ env, targets: ALL_TARGETS });
  const supervisor = new Supervisor({ maxRestarts: 0, write: (line) => (/error|fatal/i.test(line) ? console.error(line) : undefined) });
  try {
    console.error(`Seeding ${membersPerUnit.toLocaleString("en")} members per unit on ${postgres.description}…`);
    await migrateAndSeed(postgres, ALL_TARGETS, membersPerUnit);

    const ports = {
      gateway: await freePort(),
      central: await freePort(),
      units: Object.fromEntries(await Promise.all(COUNTRY_CODES.map(async (code) => [code, await freePort()]))) as Record<CountryCode, number>,
    };
    const quiet = { LOG_LEVEL: "warn", JWT_SECRET: DEVELOPMENT_JWT_SECRET };
    const services = [...subgraphServices(ports, postgres), gatewayService(ports)].map((s) => ({ ...s, env: { ...s.env, ...quiet } }));
    for (const service of services.slice(0, -1)) supervisor.start(service);
    await Promise.all(services.slice(0, -1).map((s) => waitForHealth(localUrl(s.port, "/health"))));
    supervisor.start(services.at(-1)!);
    await waitForHealth(localUrl(ports.gateway, "/health"));

    const chosen = (await scenarios(ports)).filter((scenario) => !args.only || scenario.name.includes(args.only));
    const results = await runScenarios(chosen);
    console.log(`\n${table(results)}\n\n${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${membersPerUnit.toLocaleString("en")} members per unit; ${durationSeconds} s per scenario.`);
  } finally {
    await supervisor.stopAll();
    await postgres.stop();
    await cleanup();
  }
}

async function scenarios(ports: { gateway: number; units: Record<CountryCode, number> }): Promise<Scenario[]> {
  const gateway = localUrl(ports.gateway, "/graphql");
  const bearer = async (viewer: Parameters<typeof signToken>[0]) => ({ authorization: `Bearer ${await signToken(viewer, DEVELOPMENT_JWT_SECRET)}` });
  const staffBE = await bearer({ role: "unit_staff", unit: "BE" });
  const office = await bearer({ role: "central_office" });
  const STATS = `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { country category count } }`;
  const page = (country: string) => `{ members(${country}first: 50) { edges { cursor node { id displayName city { name } } } pageInfo { endCursor } } }`;

  const listed = await fetch(gateway, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: graphqlBody(`{ workspaces(country: BE, filter: { status: OPEN }, first: 20) { edges { node { id capacity } } } }`),
  });
  const workspaces = ((await listed.json()) as { data: { workspaces: { edges: { node: { id: string; capacity: number } }[] } } }).data.workspaces.edges.map((e) => e.node);
  const hot = [...workspaces].sort((a, b) => b.capacity - a.capacity)[0]!;
  const book = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id status } }`;
  const member = (n: number) => `BE:m${(n % membersPerUnit) + 1}`;
  const days = 60;

  return [
    // One request at a time: what a single caller waits, and what the gateway adds to it.
    { name: "latency, 1 connection, straight to BE: members(first: 50)", url: localUrl(ports.units.BE, "/graphql"), body: graphqlBody(page("")), headers: staffBE, connections: 1 },
    { name: "latency, 1 connection, through the gateway: members(country: BE, first: 50)", url: gateway, body: graphqlBody(page("country: BE, ")), headers: staffBE, connections: 1 },
    { name: "latency, 1 connection, Europe-wide: members(first: 50)", url: gateway, body: graphqlBody(page("")), headers: office, connections: 1 },
    { name: "one unit, straight to BE: members(first: 50)", url: localUrl(ports.units.BE, "/graphql"), body: graphqlBody(page("")), headers: staffBE },
    { name: "one unit through the gateway: members(country: BE, first: 50)", url: gateway, body: graphqlBody(page("country: BE, ")), headers: staffBE },
    { name: "Europe-wide through the gateway: members(first: 50)", url: gateway, body: graphqlBody(page("")), headers: office },
    // The central office's table: one GROUP BY per unit, merged by the router (GROUPS).
    { name: "latency, 1 connection, Europe-wide: memberStats(groupBy: [COUNTRY, CATEGORY])", url: gateway, body: graphqlBody(STATS), headers: office, connections: 1 },
    { name: "Europe-wide: memberStats(groupBy: [COUNTRY, CATEGORY])", url: gateway, body: graphqlBody(STATS), headers: office },
    { name: "countries { name memberCount } (central + nine units)", url: gateway, body: graphqlBody(`{ countries { name memberCount } }`), headers: {} },
    {
      name: `availability: ${hot.id} availabilityRange (31 days)`,
      url: gateway,
      body: graphqlBody(`query($id: ID!, $from: Date!, $to: Date!) { workspace(id: $id) { availabilityRange(from: $from, to: $to) { date available } } }`, { id: hot.id, from: daysAhead(2), to: daysAhead(32) }),
      headers: {},
    },
    {
      name: `bookWorkspace, one hot day (${hot.id}, ${hot.capacity} desks; the rest CONFLICT)`,
      url: gateway,
      headers: staffBE,
      body: (n) => graphqlBody(book, { input: { workspaceId: hot.id, memberId: member(n), date: daysAhead(3), idempotencyKey: `hot-${n}` } }),
    },
    {
      name: `bookWorkspace, ${workspaces.length} workspaces × ${days} days`,
      url: gateway,
      headers: staffBE,
      body: (n) => {
        // Request n books slot n mod (workspaces × days), for a member no earlier request of that slot had.
        const slots = workspaces.length * days;
        const slot = n % slots;
        const round = Math.floor(n / slots);
        const input = {
          workspaceId: workspaces[slot % workspaces.length]!.id,
          memberId: member(round + 7919 * slot),
          date: daysAhead(5 + Math.floor(slot / workspaces.length)),
          idempotencyKey: `many-${n}`,
        };
        return graphqlBody(book, { input });
      },
    },
  ];
}

interface Measured {
  scenario: Scenario;
  result: autocannon.Result;
}

async function runScenarios(list: Scenario[]): Promise<Measured[]> {
  const measured: Measured[] = [];
  for (const scenario of list) {
    console.error(`… ${scenario.name}`);
    // Warm up: plans cached, pools filled.
    await autocannon({ ...autocannonOptions(scenario, 1), connections: 5 });
    measured.push({ scenario, result: await autocannon(autocannonOptions(scenario, durationSeconds)) });
  }
  return measured;
}

function table(measured: Measured[]): string {
  const rows = measured.map(({ scenario, result }) =>
    `| ${scenario.name} | ${scenario.connections ?? DEFAULT_CONNECTIONS} | ${Math.round(result.requests.average).toLocaleString("en")} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors + result.timeouts} |`,
  );
  return ["| scenario | connections | requests/s | p50 ms | p99 ms | failed |", "|---|---:|---:|---:|---:|---:|", ...rows].join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
