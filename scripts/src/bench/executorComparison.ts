/**
 * TEMPORARY: gateway CPU per request with the one-fetch executor (gateway/src/execution/)
 * and without it (GATEWAY_EXECUTOR=apollo), two gateways over one stack, measured in turns.
 * `npx tsx scripts/src/bench/executorComparison.ts [--members-per-unit 2000] [--runs 12] [--requests 500]`
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, freePorts } from "@smart/devdb";
import { COUNTRY_CODES, readArgs, wholeNumber, type CountryCode } from "@smart/platform";
import { requestDevelopmentToken, type PersonViewer } from "@smart/identity/client";
import { measureInterleaved, type SequentialTarget } from "./sequential.js";
import { waitForHealth } from "../stack/health.js";
import { migrateAndSeed } from "../stack/migrateAndSeed.js";
import { openStackPostgres } from "../stack/postgres.js";
import { Supervisor } from "../stack/processes.js";
import { gatewayService, identityService, localUrl, subgraphServices } from "../stack/services.js";
import { freshDeploymentKeys } from "../keys/gatewayKeys.js";
import { ALL_TARGETS } from "../stack/targets.js";
import { graphqlBody } from "./scenarios.js";

const { values } = readArgs(process.argv.slice(2), {
  "members-per-unit": wholeNumber().default(2000),
  runs: wholeNumber().default(12),
  requests: wholeNumber().default(500),
  warmup: wholeNumber().default(3000),
});
const { membersPerUnit } = values;

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "smart-executor-"));
await fs.chmod(dir, 0o755);
const env = { ...process.env, EMBEDDED_PG_DIR: path.join(dir, "data"), EMBEDDED_PG_PORT: String(await freePort()) };
const postgres = await openStackPostgres({ env, targets: ALL_TARGETS });
const supervisor = new Supervisor({ maxRestarts: 0, write: (line) => (/error|fatal/i.test(line) ? console.error(line) : undefined) });
try {
  await migrateAndSeed(postgres, ALL_TARGETS, membersPerUnit);
  const [gatewayPort, plainPort, centralPort, identityPort, ...unitPorts] = await freePorts(4 + COUNTRY_CODES.length);
  const ports = {
    gateway: gatewayPort!,
    central: centralPort!,
    identity: identityPort!,
    units: Object.fromEntries(COUNTRY_CODES.map((code, i) => [code, unitPorts[i]!])) as Record<CountryCode, number>,
  };
  const quiet = { LOG_LEVEL: "warn", NODE_ENV: "production" };
  const keys = freshDeploymentKeys("executor");
  const keysOf = (name: string): Record<string, string> =>
    name === "gateway" ? keys.gateway : name === "central" ? keys.central : (keys.units[name as CountryCode] ?? {});
  const identity = identityService(ports);
  supervisor.start({ ...identity, env: { ...identity.env, LOG_LEVEL: "warn" } });
  const subgraphs = subgraphServices(ports, postgres).map((s) => ({ ...s, env: { ...s.env, ...quiet, ...keysOf(s.name) } }));
  for (const s of subgraphs) supervisor.start(s);
  await Promise.all([identity, ...subgraphs].map((s) => waitForHealth(localUrl(s.port, "/health"))));
  const gateway = gatewayService(ports);
  const gatewayEnv = { ...gateway.env, ...quiet, ...keys.gateway };
  supervisor.start({ ...gateway, name: "one-fetch", env: gatewayEnv });
  supervisor.start({ ...gateway, name: "apollo", env: { ...gatewayEnv, PORT: String(plainPort), GATEWAY_EXECUTOR: "apollo" } });
  await waitForHealth(localUrl(ports.gateway, "/health"));
  await waitForHealth(localUrl(plainPort!, "/health"));
  const pidOf = (name: string) => supervisor.state(name)!.child!.pid!;
  const sources = { processes: { "one-fetch": [pidOf("one-fetch")], apollo: [pidOf("apollo")] } };

  const bearer = async (viewer: PersonViewer) => ({
    authorization: `Bearer ${(await requestDevelopmentToken(localUrl(ports.identity, "/token"), viewer)).accessToken}`,
  });
  const page = (country: string) => graphqlBody(`{ members(${country}first: 50) { edges { cursor node { id displayName city { name } } } pageInfo { endCursor } } }`);
  const scenarios = [
    { name: "one unit: members(country: BE, first: 50), unit staff BE", body: page("country: BE, "), headers: await bearer({ role: "unit_staff", unit: "BE" }) },
    { name: "Europe-wide: members(first: 50), central office", body: page(""), headers: await bearer({ role: "central_office" }) },
  ];
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, ${membersPerUnit} members per unit, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const scenario of scenarios) {
    const targets: Record<string, SequentialTarget> = {
      "one-fetch": { url: localUrl(ports.gateway, "/graphql"), body: scenario.body, headers: scenario.headers },
      apollo: { url: localUrl(plainPort!, "/graphql"), body: scenario.body, headers: scenario.headers },
    };
    // Both settled first (until 500 requests cost within 5% of the 500 before).
    await measureInterleaved(Object.values(targets), sources, { requests: 2, warmup: values.warmup, rounds: 1 });
    console.log(`\n### ${scenario.name}\n\n| run | load (1 min) | one-fetch ms CPU | apollo ms CPU | apollo / one-fetch |\n|---:|---:|---:|---:|---:|`);
    for (let run = 1; run <= values.runs; run++) {
      // Alternating which goes first, so that neither is always measured right after the other.
      const order = run % 2 ? ["one-fetch", "apollo"] : ["apollo", "one-fetch"];
      const results = await measureInterleaved(
        order.map((name) => targets[name]!),
        sources,
        { requests: values.requests, warmup: 0, rounds: 1 },
      );
      const cpu = Object.fromEntries(order.map((name, i) => [name, results[i]!.cpuPerRequest[name]!]));
      console.log(`| ${run} | ${os.loadavg()[0]!.toFixed(2)} | ${cpu["one-fetch"]!.toFixed(3)} | ${cpu.apollo!.toFixed(3)} | ${(cpu.apollo! / cpu["one-fetch"]!).toFixed(2)} |`);
    }
  }
} finally {
  await supervisor.stopAll();
  await postgres.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
