/**
 * `npm run bench [-- --duration 10 --members-per-unit 10000 --cpu-requests 300]`:
 * starts its own stack (nine units, central, gateway — each its own process — on a
 * throwaway Postgres, or on the server DATABASE_URL names, in `smart_bench_*`
 * databases) and, beside it, a plain @apollo/gateway over the same supergraph with
 * the national graph pointed at BE; seeds it, then measures:
 * - throughput and latency of each scenario with autocannon over loopback;
 * - CPU milliseconds per request of each component (gateway, units, central,
 *   Postgres) from /proc over sequential requests, once the servers have settled
 *   (bench/sequential.ts) — what stays stable on a shared machine;
 * - an overload: 150 clients at once, Europe-wide, answers complete/partial/shed;
 * - Europe over a WAN: each unit behind a TCP proxy adding 10–40 ms of round trip;
 * - a burst of 55 bookings at once (each CONFIRMED or CONFLICT, or shed);
 * - a member's booking while 24 slow clients send their bodies a byte every 2 s;
 * - the general assembly's vote: 10,000 members casting a ballot each on 50 connections,
 *   retrying the same ballot when turned away, then checked counted exactly once.
 * Prints Markdown tables. `--only burst,slow,overload` runs those sections alone.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, freePorts } from "@smart/devdb";
import { membersPerUnitFlag } from "@smart/national";
import { FOUNDING_UNITS, exitOnConfigError, readArgs, wholeNumber, type CountryCode } from "@smart/platform";
import { requestDevelopmentToken, type PersonViewer } from "@smart/identity/client";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { rssMb, type CpuSources } from "./bench/cpuAccounting.js";
import { book, bookingBurst, withSlowSockets, type Booking } from "./bench/admissionScenarios.js";
import { startDelayProxy } from "./bench/delayProxy.js";
import { overload } from "./bench/overload.js";
import { benchVote, voteTable } from "./bench/vote.js";
import { autocannonOptions, DEFAULT_CONNECTIONS, graphqlBody, type Scenario } from "./bench/scenarios.js";
import {
  measureInterleaved,
  measureSequential,
  type SequentialResult,
  type SequentialTarget,
} from "./bench/sequential.js";
import { waitForHealth } from "./stack/health.js";
import { migrateAndSeed } from "./stack/migrateAndSeed.js";
import { openStackPostgres, withDatabase } from "./stack/postgres.js";
import { Supervisor } from "./stack/processes.js";
import { authEnv, gatewayService, identityService, localUrl, subgraphServices } from "./stack/services.js";
import { freshDeploymentKeys } from "./keys/gatewayKeys.js";
import { ALL_TARGETS } from "./stack/targets.js";

/** The vote's load: this many members each casting a ballot, on this many connections. */
const VOTE_BALLOTS = 10_000;
const VOTE_CONNECTIONS = 50;

const atLeastOne = (fallback: number) => wholeNumber().min(1, "expected at least 1").default(fallback);
const USAGE =
  "usage: npm run bench -- [--duration SECONDS] [--members-per-unit N] [--cpu-requests N] [--warmup N] [--overload-clients N] [--mode production|development] [--only SECTION,…] [--ballots N]";
/** The sections of the report, in the order they run. */
const SECTIONS = ["cpu", "throughput", "overload", "wan", "burst", "slow", "vote"] as const;
type Section = (typeof SECTIONS)[number];
/** Bookings of the burst section, all at once. */
const BURST_BOOKINGS = 55;
/** Sockets of the slow-clients section. */
const SLOW_SOCKETS = 24;
const {
  duration: durationSeconds,
  membersPerUnit,
  cpuRequests,
  warmup,
  overloadClients,
  mode,
  only,
  ballots,
} = (() => {
  try {
    return readArgs(process.argv.slice(2), {
      duration: atLeastOne(10),
      "members-per-unit": membersPerUnitFlag(10_000),
      "cpu-requests": atLeastOne(1000),
      warmup: wholeNumber().default(3000),
      "overload-clients": atLeastOne(150),
      mode: z.enum(["production", "development"]).default("production"),
      only: z
        .string()
        .default(SECTIONS.join(","))
        .transform((list) => new Set(list.split(",").map((part) => part.trim())))
        .pipe(z.set(z.enum(SECTIONS), { invalid_type_error: `expected sections among ${SECTIONS.join(", ")}` })),
      ballots: atLeastOne(VOTE_BALLOTS),
    }).values;
  } catch (error) {
    return exitOnConfigError(error, USAGE);
  }
})();

/** Round trips of the WAN scenario, ms: the units as far from the gateway as their countries would be. */
const WAN_ROUND_TRIP_MS: Record<CountryCode, number> = {
  AT: 20,
  BE: 10,
  DE: 15,
  ES: 35,
  FR: 15,
  HU: 30,
  IT: 30,
  NL: 10,
  SE: 40,
};

const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function benchEnvironment(): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    return {
      env: { ...process.env, DATABASE_URL: withDatabase(process.env.DATABASE_URL, "smart_bench") },
      cleanup: async () => {},
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "smart-bench-"));
  await fs.chmod(dir, 0o755);
  const env = { ...process.env, EMBEDDED_PG_DIR: path.join(dir, "data"), EMBEDDED_PG_PORT: String(await freePort()) };
  return { env, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const { env, cleanup } = await benchEnvironment();
  const postgres = await openStackPostgres({ env, targets: ALL_TARGETS });
  const supervisor = new Supervisor({
    maxRestarts: 0,
    write: (line) => (/error|fatal/i.test(line) ? console.error(line) : undefined),
  });
  try {
    console.error(`Seeding ${membersPerUnit.toLocaleString("en")} members per unit on ${postgres.description}…`);
    await migrateAndSeed(postgres, ALL_TARGETS, membersPerUnit);

    const [gatewayPort, centralPort, identityPort, ...unitPorts] = await freePorts(3 + FOUNDING_UNITS.length);
    const ports = {
      gateway: gatewayPort!,
      central: centralPort!,
      identity: identityPort!,
      units: Object.fromEntries(FOUNDING_UNITS.map((code, i) => [code, unitPorts[i]!])) as Record<CountryCode, number>,
    };
    // As deployed (NODE_ENV=production: no introspection, graphql-js without its development checks), unless told otherwise.
    const quiet = { LOG_LEVEL: "warn", ...(mode === "production" ? { NODE_ENV: "production" } : {}) };
    // Production mode refuses the development keys: fresh ones, each service holding only its own share, as deployed.
    const keys = mode === "production" ? freshDeploymentKeys("bench") : undefined;
    const keysOf = (name: string): Record<string, string> =>
      !keys ? {} : name === "gateway" ? keys.gateway : name === "central" ? keys.central : (keys.units[name] ?? {});
    const gateway = gatewayService(ports);
    // Anonymous public answers may be kept 5 s (the rows marked "cached" measure that; the central office's rows never are).
    // The identity provider is a development one: it runs as development whatever the mode.
    const identity = identityService(ports);
    supervisor.start({ ...identity, env: { ...identity.env, LOG_LEVEL: "warn" } });
    const services = [
      ...subgraphServices(ports, postgres),
      { ...gateway, env: { ...gateway.env, PUBLIC_RESPONSE_CACHE_SECONDS: "5" } },
    ].map((s) => ({
      ...s,
      env: { ...s.env, ...quiet, ...keysOf(s.name) },
    }));
    for (const service of services.slice(0, -1)) supervisor.start(service);
    await Promise.all([identity, ...services.slice(0, -1)].map((s) => waitForHealth(localUrl(s.port, "/health"))));
    supervisor.start(services.at(-1)!);
    const plainPort = await freePort();
    supervisor.start({
      name: "plain",
      entry: path.join(path.dirname(fileURLToPath(import.meta.url)), "bench", "plainGateway.js"),
      env: {
        ...quiet,
        PORT: String(plainPort),
        NATIONAL_URL: localUrl(ports.units.BE!, "/graphql"),
        CENTRAL_URL: localUrl(ports.central, "/graphql"),
      },
    });
    await waitForHealth(localUrl(ports.gateway, "/health"));
    await waitForHealth(localUrl(plainPort, "/?query=%7B__typename%7D"));

    const environment = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, NODE_ENV=${mode}; ${membersPerUnit.toLocaleString("en")} members per unit`;
    const pidOf = (name: string) => supervisor.state(name)?.child?.pid;
    const sources: CpuSources = {
      processes: {
        gateway: [pidOf("gateway")!],
        "plain gateway": [pidOf("plain")!],
        units: FOUNDING_UNITS.map((code) => pidOf(code)!),
        central: [pidOf("central")!],
      },
      ...(env.EMBEDDED_PG_DIR ? { postgresDataDir: env.EMBEDDED_PG_DIR } : {}),
    };
    const runs = (section: Section) => only.has(section);
    const list = runs("cpu") || runs("throughput") ? await scenarios(ports, plainPort) : [];
    if (runs("cpu"))
      console.log(
        `\n## CPU per request (${cpuRequests} sequential requests each, once settled: after ${warmup}, until 500 cost within 5% of the 500 before)\n\n${await cpuTable(list, sources)}`,
      );
    if (runs("throughput")) {
      const results = await runScenarios(list.filter((s) => !s.cpuOnly));
      console.log(`\n## Throughput and latency (${durationSeconds} s per scenario)\n\n${table(results)}`);
    }
    // Before the overload: each is measured on a gateway that is keeping up.
    if (runs("burst")) console.log(`\n## A burst of ${BURST_BOOKINGS} bookings at once\n\n${await burstTable(ports)}`);
    if (runs("slow"))
      console.log(`\n## A booking while ${SLOW_SOCKETS} slow clients are sending\n\n${await slowClientsTable(ports)}`);
    if (runs("overload")) {
      const rssAtRest = rssMb(pidOf("gateway")!);
      console.log(`\n## Overload\n\n${await overloadTable(ports)}`);
      console.log(`\nGateway RSS: ${rssAtRest} MB at rest, ${rssMb(pidOf("gateway")!)} MB after the overload.`);
    }
    if (runs("vote")) {
      const result = await benchVote({
        gatewayUrl: localUrl(ports.gateway, "/graphql"),
        tokenEndpoint: localUrl(ports.identity, "/token"),
        databaseUrlOf: (target) => postgres.urlOf(target),
        ballots,
        connections: VOTE_CONNECTIONS,
        cpu: sources,
      });
      console.log(
        `\n## The general assembly's vote: ${ballots.toLocaleString("en")} members, one ballot each\n\n${voteTable(result, VOTE_CONNECTIONS)}`,
      );
    }
    if (runs("wan"))
      console.log(`\n## Europe over a WAN\n\n${await wanTable(ports, supervisor, { ...quiet, ...keysOf("gateway") })}`);
    console.log(`\n${environment}.`);
  } finally {
    await supervisor.stopAll();
    await postgres.stop();
    await cleanup();
  }
}

interface BenchScenario extends Scenario {
  /** Measured for CPU only (not under autocannon). */
  cpuOnly?: boolean;
  /** Measured for CPU too. */
  cpu?: boolean;
  /** Measured for CPU in turns with the named scenario (the plain gateway beside ours). */
  pairedWith?: string;
  /** Measured for CPU only, as a walk: each request's body from the last answer. */
  walk?: (previous: unknown) => string;
}

/** Pages of the walk scenario: one walk through BE's first 10,000 members by name, every cursor sealed for the first time. */
const WALK_PAGES = 200;

/** `Authorization` for `viewer`: a token from the stack's development provider. */
const bearerAt = (identityPort: number) => async (viewer: PersonViewer) => ({
  authorization: `Bearer ${(await requestDevelopmentToken(localUrl(identityPort, "/token"), viewer)).accessToken}`,
});

async function scenarios(
  ports: { gateway: number; identity: number; units: Record<CountryCode, number> },
  plainPort: number,
): Promise<BenchScenario[]> {
  const gateway = localUrl(ports.gateway, "/graphql");
  const bearer = bearerAt(ports.identity);
  const staffBE = await bearer({ role: "unit_staff", unit: "BE" });
  const office = await bearer({ role: "central_office" });
  const STATS = `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { country category count } }`;
  const page = (country: string) =>
    `{ members(${country}first: 50) { edges { cursor node { id displayName city { name } } } pageInfo { endCursor } } }`;

  const listed = await fetch(gateway, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: graphqlBody(
      `{ workspaces(country: BE, filter: { status: OPEN }, first: 20) { edges { node { id capacity } } } }`,
    ),
  });
  const workspaces = (
    (await listed.json()) as { data: { workspaces: { edges: { node: { id: string; capacity: number } }[] } } }
  ).data.workspaces.edges.map((e) => e.node);
  const hot = [...workspaces].sort((a, b) => b.capacity - a.capacity)[0]!;
  const book = `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id status } }`;
  const member = (n: number) => `BE:m${(n % membersPerUnit) + 1}`;
  const days = 60;

  return [
    // One request at a time: what a single caller waits, and what the gateway adds to it.
    {
      name: "latency, 1 connection, straight to BE: members(first: 50)",
      url: localUrl(ports.units.BE!, "/graphql"),
      body: graphqlBody(page("")),
      headers: staffBE,
      connections: 1,
    },
    {
      name: "latency, 1 connection, through the gateway: members(country: BE, first: 50)",
      url: gateway,
      body: graphqlBody(page("country: BE, ")),
      headers: staffBE,
      connections: 1,
    },
    {
      name: "latency, 1 connection, Europe-wide: members(first: 50)",
      url: gateway,
      body: graphqlBody(page("")),
      headers: office,
      connections: 1,
    },
    {
      name: "one unit, straight to BE: members(first: 50)",
      url: localUrl(ports.units.BE!, "/graphql"),
      body: graphqlBody(page("")),
      headers: staffBE,
      cpu: true,
    },
    {
      name: "one unit through the gateway: members(country: BE, first: 50)",
      url: gateway,
      body: graphqlBody(page("country: BE, ")),
      headers: staffBE,
      cpu: true,
    },
    {
      name: "one unit through a plain @apollo/gateway: members(country: BE, first: 50)",
      url: localUrl(plainPort, "/"),
      body: graphqlBody(page("country: BE, ")),
      headers: staffBE,
      cpu: true,
      pairedWith: "one unit through the gateway: members(country: BE, first: 50)",
    },
    {
      name: "Europe-wide through the gateway: members(first: 50)",
      url: gateway,
      body: graphqlBody(page("")),
      headers: office,
      cpu: true,
    },
    {
      name: "straight to BE: { memberCount }",
      url: localUrl(ports.units.BE!, "/graphql"),
      body: graphqlBody(`{ memberCount }`),
      headers: {},
      cpu: true,
      cpuOnly: true,
    },
    {
      name: `walking BE's list straight at the unit, ${WALK_PAGES} pages of 50 (each cursor sealed the first time)`,
      url: localUrl(ports.units.BE!, "/graphql"),
      body: "",
      headers: staffBE,
      cpuOnly: true,
      walk: (previous) => {
        const pageInfo = (
          previous as
            { data?: { members?: { pageInfo?: { hasNextPage: boolean; endCursor: string | null } } } } | undefined
        )?.data?.members?.pageInfo;
        return graphqlBody(
          `query($after: String) { members(first: 50, after: $after) { edges { cursor node { id displayName city { name } } } pageInfo { hasNextPage endCursor } } }`,
          {
            after: pageInfo?.hasNextPage ? pageInfo.endCursor : null,
          },
        );
      },
    },
    // The central office's table: one GROUP BY per unit over its per-month counts, merged by the router (GROUPS).
    {
      name: "latency, 1 connection, Europe-wide: memberStats(groupBy: [COUNTRY, CATEGORY])",
      url: gateway,
      body: graphqlBody(STATS),
      headers: office,
      connections: 1,
    },
    {
      name: "Europe-wide: memberStats(groupBy: [COUNTRY, CATEGORY])",
      url: gateway,
      body: graphqlBody(STATS),
      headers: office,
      cpu: true,
    },
    {
      name: "countries { name memberCount } as the central office (central + nine units)",
      url: gateway,
      body: graphqlBody(`{ countries { name memberCount } }`),
      headers: office,
      cpu: true,
    },
    {
      name: "countries { name memberCount } anonymous (cached 5 s)",
      url: gateway,
      body: graphqlBody(`{ countries { name memberCount } }`),
      headers: {},
      cpu: true,
    },
    {
      name: `availability: ${hot.id} availabilityRange (31 days), anonymous (cached 5 s)`,
      url: gateway,
      body: graphqlBody(
        `query($id: ID!, $from: Date!, $to: Date!) { workspace(id: $id) { availabilityRange(from: $from, to: $to) { date available } } }`,
        {
          id: hot.id,
          from: daysAhead(2),
          to: daysAhead(32),
        },
      ),
      headers: {},
    },
    {
      name: `bookWorkspace, one hot day (${hot.id}, ${hot.capacity} desks; the rest CONFLICT)`,
      url: gateway,
      headers: staffBE,
      body: (n) =>
        graphqlBody(book, {
          input: { workspaceId: hot.id, memberId: member(n), date: daysAhead(3), idempotencyKey: `hot-${n}` },
        }),
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

const COMPONENTS = ["gateway", "plain gateway", "units", "central", "postgres"] as const;

async function cpuTable(list: BenchScenario[], sources: CpuSources): Promise<string> {
  const rows: string[] = [];
  const row = (name: string, result: SequentialResult) => {
    const total = Object.values(result.cpuPerRequest).reduce((a, b) => a + b, 0);
    const ms = (component: string) =>
      result.cpuPerRequest[component] === undefined ? "—" : result.cpuPerRequest[component].toFixed(2);
    rows.push(`| ${name} | ${COMPONENTS.map(ms).join(" | ")} | ${total.toFixed(2)} | ${result.p50.toFixed(1)} |`);
  };
  const target = (scenario: BenchScenario): SequentialTarget => ({
    url: scenario.url,
    body: scenario.body as string,
    headers: scenario.headers,
  });
  for (const scenario of list.filter((s) => s.cpu && !s.pairedWith)) {
    console.error(`… CPU: ${scenario.name}`);
    const paired = list.find((s) => s.pairedWith === scenario.name);
    if (!paired) {
      row(scenario.name, await measureSequential(target(scenario), sources, { requests: cpuRequests, warmup }));
      continue;
    }
    // Compared in turns, so that the machine's drift falls on both alike.
    const [first, second] = await measureInterleaved([target(scenario), target(paired)], sources, {
      requests: cpuRequests,
      warmup,
      rounds: 10,
    });
    row(`${scenario.name} (in turns with the next row)`, first!);
    row(paired.name, second!);
  }
  for (const walk of list.filter((s) => s.walk)) {
    console.error(`… CPU: ${walk.name}`);
    row(
      walk.name,
      await measureSequential({ url: walk.url, body: walk.walk!, headers: walk.headers }, sources, {
        requests: WALK_PAGES,
        warmup: 0,
      }),
    );
  }
  return [
    `| scenario | ${COMPONENTS.join(" | ")} | all, ms CPU | p50 ms |`,
    `|---|${COMPONENTS.map(() => "---:").join("|")}|---:|---:|`,
    ...rows,
  ].join("\n");
}

/** BE's first 20 open workspaces, fewest desks first. */
async function openWorkspaces(gateway: string): Promise<{ id: string; capacity: number }[]> {
  const listed = await fetch(gateway, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: graphqlBody(
      `{ workspaces(country: BE, filter: { status: OPEN }, first: 20) { edges { node { id capacity } } } }`,
    ),
  });
  const edges = (
    (await listed.json()) as { data: { workspaces: { edges: { node: { id: string; capacity: number } }[] } } }
  ).data.workspaces.edges;
  return edges.map((e) => e.node).sort((a, b) => a.capacity - b.capacity);
}

/** `count` members spread over the nine units, each with their own token. */
async function membersWithTokens(identityPort: number, count: number): Promise<Booking[]> {
  const bearer = bearerAt(identityPort);
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const unit = FOUNDING_UNITS[n % FOUNDING_UNITS.length]!;
      const memberId = `${unit}:m${(Math.floor(n / FOUNDING_UNITS.length) % membersPerUnit) + 1}`;
      return { memberId, headers: await bearer({ role: "member", unit, sub: memberId }) };
    }),
  );
}

async function burstTable(ports: { gateway: number; identity: number }): Promise<string> {
  const gateway = localUrl(ports.gateway, "/graphql");
  // The fewest desks: some bookings CONFIRMED, the rest CONFLICT.
  const [workspace] = await openWorkspaces(gateway);
  const bookings = await membersWithTokens(ports.identity, BURST_BOOKINGS);
  console.error(`… burst: ${BURST_BOOKINGS} bookings of ${workspace!.id} at once`);
  const { outcomes, slowestMs } = await bookingBurst(gateway, bookings, workspace!.id, daysAhead(30));
  const { CONFIRMED = 0, CONFLICT = 0, OVERLOADED = 0, ...other } = outcomes;
  const others = Object.values(other).reduce((a, b) => a + b, 0);
  return [
    "| bookings at once | desks | CONFIRMED | CONFLICT | shed (OVERLOADED) | other | slowest answer ms |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${BURST_BOOKINGS} | ${workspace!.capacity} | ${CONFIRMED} | ${CONFLICT} | ${OVERLOADED} | ${others}${others ? ` (${Object.keys(other).join(", ")})` : ""} | ${slowestMs} |`,
  ].join("\n");
}

async function slowClientsTable(ports: { gateway: number; identity: number }): Promise<string> {
  const gateway = localUrl(ports.gateway, "/graphql");
  const workspace = (await openWorkspaces(gateway)).at(-1)!;
  const [member] = await membersWithTokens(ports.identity, 1);
  console.error(`… slow clients: ${SLOW_SOCKETS} sockets, then a booking`);
  const { outcome, ms } = await withSlowSockets(gateway, SLOW_SOCKETS, () =>
    book(gateway, member!, workspace.id, daysAhead(31), `slow-${Date.now()}`),
  );
  return [
    "| slow sockets open | the booking's answer | its latency ms |",
    "|---:|---|---:|",
    `| ${SLOW_SOCKETS} | ${outcome} | ${Math.round(ms)} |`,
  ].join("\n");
}

async function overloadTable(ports: { gateway: number; identity: number }): Promise<string> {
  const office = await bearerAt(ports.identity)({ role: "central_office" });
  const query = `{ members(first: 50) { edges { cursor node { id displayName city { name } } } pageInfo { endCursor } } }`;
  console.error(`… overload: ${overloadClients} clients, Europe-wide`);
  const r = await overload(
    localUrl(ports.gateway, "/graphql"),
    graphqlBody(query),
    office,
    overloadClients,
    durationSeconds,
  );
  const admitted = r.complete + r.partial;
  return [
    "| clients | complete | partial | shed (503) | failed | complete of admitted | admitted p50 ms | admitted p99 ms | shed p99 ms | slowest shed ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${overloadClients} | ${r.complete} | ${r.partial} | ${r.shed} | ${r.failed} | ${admitted ? ((100 * r.complete) / admitted).toFixed(1) : "—"}% | ${r.admittedP50} | ${r.admittedP99} | ${r.shedP99} | ${r.shedMax} |`,
  ].join("\n");
}

/** A second gateway whose units sit behind delaying proxies: Europe-wide latency against the slowest unit's own. */
async function wanTable(
  ports: { central: number; identity: number; units: Record<CountryCode, number> },
  supervisor: Supervisor,
  quiet: Record<string, string>,
): Promise<string> {
  const proxies = await Promise.all(
    FOUNDING_UNITS.map((code) => startDelayProxy(ports.units[code]!, WAN_ROUND_TRIP_MS[code]!)),
  );
  const port = await freePort();
  try {
    const unitUrls = Object.fromEntries(
      FOUNDING_UNITS.map((code, i) => [`UNIT_URL_${code}`, localUrl(proxies[i]!.port, "/graphql")]),
    );
    const wanGateway = gatewayService({
      gateway: port,
      central: ports.central,
      identity: ports.identity,
      units: ports.units,
    });
    supervisor.start({
      name: "wan-gw",
      entry: wanGateway.entry,
      ...(wanGateway.nodeArgs ? { nodeArgs: wanGateway.nodeArgs } : {}),
      env: {
        ...quiet,
        PORT: String(port),
        CENTRAL_URL: localUrl(ports.central, "/graphql"),
        ...unitUrls,
        ...authEnv({ ...ports, gateway: port }),
      },
    });
    await waitForHealth(localUrl(port, "/health"));
    const office = await bearerAt(ports.identity)({ role: "central_office" });
    const page = (country: string) =>
      graphqlBody(`{ members(${country}first: 50) { edges { cursor node { id displayName city { name } } } } }`);
    const url = localUrl(port, "/graphql");
    const slowest = FOUNDING_UNITS.reduce((a, b) => (WAN_ROUND_TRIP_MS[a]! >= WAN_ROUND_TRIP_MS[b]! ? a : b));
    console.error("… WAN");
    const own = await measureSequential(
      { url, body: page(`country: ${slowest}, `), headers: office },
      { processes: {} },
      { requests: 200, warmup: 50 },
    );
    const europe = await measureSequential(
      { url, body: page(""), headers: office },
      { processes: {} },
      { requests: 200, warmup: 50 },
    );
    return [
      "| through the gateway, units 10–40 ms away | p50 ms | p99 ms |",
      "|---|---:|---:|",
      `| the slowest unit alone (${slowest}, ${WAN_ROUND_TRIP_MS[slowest]} ms): members(country: ${slowest}, first: 50) | ${own.p50.toFixed(1)} | ${own.p99.toFixed(1)} |`,
      `| Europe-wide: members(first: 50), nine units in parallel | ${europe.p50.toFixed(1)} | ${europe.p99.toFixed(1)} |`,
    ].join("\n");
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
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
  const rows = measured.map(
    ({ scenario, result }) =>
      `| ${scenario.name} | ${scenario.connections ?? DEFAULT_CONNECTIONS} | ${Math.round(result.requests.average).toLocaleString("en")} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors + result.timeouts} |`,
  );
  return [
    "| scenario | connections | requests/s | p50 ms | p99 ms | failed |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
