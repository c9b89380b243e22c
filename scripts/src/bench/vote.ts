import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { Pool } from "undici";
import { FOUNDING_UNITS } from "@smart/platform";
import { requestDevelopmentToken } from "@smart/identity/client";
import { cpuDelta, readCpu, type CpuSources } from "./cpuAccounting.js";
import { graphqlBody } from "./scenarios.js";

export interface VoteBenchOptions {
  gatewayUrl: string;
  tokenEndpoint: string;
  /** A unit's database URL, and central's, by a unit's code or `central`. */
  databaseUrlOf: (target: string) => string;
  ballots: number;
  connections: number;
  /** The stack's processes, for the CPU each spent per ballot. */
  cpu: CpuSources;
}

export interface VoteBenchResult {
  ballots: number;
  /** Answered with a counted receipt. */
  counted: number;
  /** From the first ballot sent to the last answered. */
  seconds: number;
  /** Latency of the accepted tries (those not turned away with 503), ms. */
  p50: number;
  p99: number;
  /** Tries turned away with 503 OVERLOADED and sent again after their Retry-After. */
  retries: number;
  /** Answers that were not a counted receipt and not a 503 (HTTP errors, GraphQL errors, counted: false). */
  failed: number;
  /** CPU milliseconds per ballot of each component (gateway, units, central, Postgres), over the run. */
  cpuMsPerBallot: Record<string, number>;
  /** Seconds after the last answer until no unit held a ballot PENDING (the settles that follow the answers). */
  settledAfter: number;
  /** What the databases hold once it is over. */
  countedByCentral: number;
  tallied: number;
  countedByUnits: number;
  pendingInUnits: number;
}

const CAST = `mutation($resolutionId: ID!, $choice: BallotChoice!) { castBallot(resolutionId: $resolutionId, choice: $choice) { receipt counted } }`;
const CHOICES = ["FOR", "AGAINST", "ABSTAIN"] as const;
/** The longest the bench waits for the units' last settles once every ballot is answered: two rounds of the retry worker and more. */
const SETTLE_WAIT_MS = 150_000;

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

/**
 * The general assembly's vote under load: `ballots` eligible members (ACTIVE,
 * holding shares; spread over the nine units) each cast one ballot through the
 * gateway on `connections` connections, as fast as it answers. Each voter is a
 * real client: turned away (503 OVERLOADED), it waits the Retry-After and sends
 * the same ballot again. Then the databases are asked whether every ballot was
 * counted exactly once: central's ballots and counters, and the units' records
 * (COUNTED, none PENDING once the settles that follow the answers are done).
 */
export async function benchVote(options: VoteBenchOptions): Promise<VoteBenchResult> {
  const voters = await eligibleVoters(options);
  const headers = await tokensOf(voters, options.tokenEndpoint);
  const office = await bearer(options.tokenEndpoint, { role: "central_office" });
  const resolutionId = await openedResolution(options.gatewayUrl, office);

  const gateway = new URL(options.gatewayUrl);
  const pool = new Pool(gateway.origin, { connections: options.connections, pipelining: 1 });
  const accepted: number[] = [];
  const failures = new Set<string>();
  let counted = 0;
  let retries = 0;
  let failed = 0;
  let next = 0;
  /** One voter's ballot, sent until it is not turned away. */
  const cast = async (n: number) => {
    const body = graphqlBody(CAST, { resolutionId, choice: CHOICES[n % CHOICES.length] });
    for (;;) {
      const started = performance.now();
      let status: number;
      let text: string;
      let retryAfter: string | string[] | undefined;
      try {
        const response = await pool.request({
          path: gateway.pathname,
          method: "POST",
          headers: { "content-type": "application/json", ...headers[n]! },
          body,
          headersTimeout: 30_000,
          bodyTimeout: 30_000,
        });
        status = response.statusCode;
        retryAfter = response.headers["retry-after"];
        text = await response.body.text();
      } catch (error) {
        status = 0;
        text = error instanceof Error ? error.message : String(error);
      }
      const ms = performance.now() - started;
      if (status === 503 && retryAfter !== undefined) {
        retries++;
        await sleep(Number(retryAfter) * 1000 || 1000);
        continue;
      }
      accepted.push(ms);
      if (status === 200 && text.includes(`"counted":true`)) counted++;
      else {
        failed++;
        const sample = `${status} ${text.slice(0, 300)}`;
        if (failures.size < 5 && ![...failures].some((seen) => seen.slice(0, 60) === sample.slice(0, 60)))
          failures.add(sample);
      }
      return;
    }
  };

  const cpuBefore = readCpu(options.cpu);
  const started = performance.now();
  // A connection's voter casts their ballot (retrying while turned away), then the next voter takes the connection.
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (next < voters.length) await cast(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  for (const failure of failures) console.error(`vote bench: a ballot not counted: ${failure}`);

  const pendingNow = () =>
    Promise.all(
      FOUNDING_UNITS.map((unit) =>
        withClient(options.databaseUrlOf(unit), (client) =>
          client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM member_ballot WHERE subject_id = $1 AND state = 'PENDING'`,
            [resolutionId],
          ),
        ),
      ),
    ).then((results) => results.reduce((sum, { rows }) => sum + rows[0]!.n, 0));
  const answeredAt = performance.now();
  while ((await pendingNow()) > 0 && performance.now() - answeredAt < SETTLE_WAIT_MS) await sleep(250);
  const settledAfter = (performance.now() - answeredAt) / 1000;
  const cpu = cpuDelta(cpuBefore, readCpu(options.cpu));
  const sorted = accepted.sort((a, b) => a - b);

  const central = new pg.Client({ connectionString: options.databaseUrlOf("central") });
  await central.connect();
  try {
    const countedByCentral = await central.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ballot WHERE subject_id = $1`,
      [resolutionId],
    );
    const tallied = await central.query<{ n: number }>(
      `SELECT coalesce(sum(ballots), 0)::int AS n FROM ballot_tally WHERE resolution_id = $1`,
      [resolutionId],
    );
    const units = await Promise.all(
      FOUNDING_UNITS.map((unit) =>
        withClient(options.databaseUrlOf(unit), (client) =>
          client.query<{ counted: number; pending: number }>(
            `SELECT count(*) FILTER (WHERE state = 'COUNTED')::int AS counted, count(*) FILTER (WHERE state = 'PENDING')::int AS pending FROM member_ballot WHERE subject_id = $1`,
            [resolutionId],
          ),
        ),
      ),
    );
    return {
      ballots: voters.length,
      counted,
      seconds,
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      retries,
      failed,
      cpuMsPerBallot: Object.fromEntries(
        Object.entries(cpu).map(([name, ms]) => [name, Math.round((ms / voters.length) * 100) / 100]),
      ),
      settledAfter,
      countedByCentral: countedByCentral.rows[0]!.n,
      tallied: tallied.rows[0]!.n,
      countedByUnits: units.reduce((sum, { rows }) => sum + rows[0]!.counted, 0),
      pendingInUnits: units.reduce((sum, { rows }) => sum + rows[0]!.pending, 0),
    };
  } finally {
    await central.end();
  }
}

export function voteTable(result: VoteBenchResult, connections: number): string {
  const n = (value: number) => value.toLocaleString("en");
  const cpu = Object.entries(result.cpuMsPerBallot)
    .filter(([name]) => name !== "plain gateway")
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(", ");
  return [
    "| ballots | connections | counted | seconds | ballots/s | p50 ms | p99 ms | retries (503) | failed | counted by central | in its counters | COUNTED in the units | PENDING |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${n(result.ballots)} | ${connections} | ${n(result.counted)} | ${result.seconds.toFixed(1)} | ${Math.round(result.counted / result.seconds)} | ${result.p50} | ${result.p99} | ${n(result.retries)} | ${result.failed} | ${n(result.countedByCentral)} | ${n(result.tallied)} | ${n(result.countedByUnits)} | ${result.pendingInUnits} |`,
    "",
    `CPU ms per ballot: ${cpu}. The units' last settles were done ${result.settledAfter.toFixed(1)} s after the last answer.`,
  ].join("\n");
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** `ballots` members who may vote, as evenly over the units as they have them. */
async function eligibleVoters({ databaseUrlOf, ballots }: VoteBenchOptions): Promise<string[]> {
  const perUnit = Math.ceil(ballots / FOUNDING_UNITS.length);
  const lists = await Promise.all(
    FOUNDING_UNITS.map((unit) =>
      withClient(databaseUrlOf(unit), async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `SELECT id FROM member WHERE status = 'ACTIVE' AND shares >= 1 AND moved_to IS NULL AND erased_at IS NULL ORDER BY id LIMIT $1`,
          [perUnit],
        );
        return rows.map((row) => row.id);
      }),
    ),
  );
  const voters = lists.flat().slice(0, ballots);
  if (voters.length < ballots)
    throw new Error(`Only ${voters.length} eligible members: seed more (--members-per-unit).`);
  return voters;
}

const bearer = async (tokenEndpoint: string, viewer: Parameters<typeof requestDevelopmentToken>[1]) => ({
  authorization: `Bearer ${(await requestDevelopmentToken(tokenEndpoint, viewer)).accessToken}`,
});

/** Each voter's token, 20 asked at a time (before the clock starts). */
async function tokensOf(voters: readonly string[], tokenEndpoint: string): Promise<Record<string, string>[]> {
  const headers: Record<string, string>[] = Array.from({ length: voters.length }, () => ({}));
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < voters.length) {
        const i = next++;
        const sub = voters[i]!;
        headers[i] = await bearer(tokenEndpoint, { role: "member", unit: sub.slice(0, 2), sub });
      }
    }),
  );
  return headers;
}

/** An assembly scheduled and its vote opened by the central office: its one resolution's ID. */
async function openedResolution(gatewayUrl: string, office: Record<string, string>): Promise<string> {
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...office },
      body: graphqlBody(query, variables),
    });
    const body = (await response.json()) as {
      data?: Record<string, { id: string; resolutions?: { id: string }[] }>;
      errors?: unknown[];
    };
    if (body.errors || !body.data) throw new Error(`The bench's assembly: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const input = {
    title: `Bench assembly ${new Date().toISOString()}`,
    heldOn: new Date().toISOString().slice(0, 10),
    cityId: "BE:brussels",
    resolutions: [{ title: "Bench resolution" }],
  };
  const { scheduleAssembly } = await ask(
    `mutation($input: ScheduleAssemblyInput!) { scheduleAssembly(input: $input) { id resolutions { id } } }`,
    { input },
  );
  await ask(
    `mutation($id: ID!, $closesAt: DateTime!) { openAssemblyVote(assemblyId: $id, closesAt: $closesAt) { id } }`,
    {
      id: scheduleAssembly!.id,
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  );
  return scheduleAssembly!.resolutions![0]!.id;
}
