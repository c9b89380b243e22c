import autocannon from "autocannon";
import pg from "pg";
import { FOUNDING_UNITS } from "@smart/platform";
import { requestDevelopmentToken } from "@smart/identity/client";
import { graphqlBody } from "./scenarios.js";

export interface VoteBenchOptions {
  gatewayUrl: string;
  tokenEndpoint: string;
  /** A unit's database URL, and central's. */
  /** By a unit's code, or `central`. */
  databaseUrlOf: (target: string) => string;
  ballots: number;
  connections: number;
}

export interface VoteBenchResult {
  ballots: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Answers that were not a counted receipt (HTTP errors, GraphQL errors, counted: false). */
  failed: number;
  /** What the databases hold once it is over. */
  countedByCentral: number;
  tallied: number;
  countedByUnits: number;
  pendingInUnits: number;
}

const CAST = `mutation($resolutionId: ID!, $choice: BallotChoice!) { castBallot(resolutionId: $resolutionId, choice: $choice) { receipt counted } }`;
const CHOICES = ["FOR", "AGAINST", "ABSTAIN"] as const;

/**
 * The general assembly's vote under load: `ballots` eligible members (ACTIVE,
 * holding shares; spread over the nine units) each cast one ballot through the
 * gateway on `connections` connections, as fast as it answers. Then the
 * databases are asked whether every ballot was counted exactly once: central's
 * ballots and counters, and the units' records (COUNTED, none PENDING).
 */
export async function benchVote(options: VoteBenchOptions): Promise<VoteBenchResult> {
  const voters = await eligibleVoters(options);
  const headers = await tokensOf(voters, options.tokenEndpoint);
  const office = await bearer(options.tokenEndpoint, { role: "central_office" });
  const resolutionId = await openedResolution(options.gatewayUrl, office);

  let failed = 0;
  let sent = 0;
  const failures = new Set<string>();
  const started = Date.now();
  const result = await autocannon({
    url: options.gatewayUrl,
    connections: options.connections,
    amount: voters.length,
    timeout: 30,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const n = sent++;
          return {
            ...request,
            headers: { "content-type": "application/json", ...headers[n % voters.length]! },
            body: graphqlBody(CAST, { resolutionId, choice: CHOICES[n % CHOICES.length] }),
          };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes(`"counted":true`)) return;
          failed++;
          const sample = `${status} ${body.slice(0, 300)}`;
          if (failures.size < 5 && ![...failures].some((seen) => seen.slice(0, 60) === sample.slice(0, 60)))
            failures.add(sample);
        },
      },
    ],
  });
  const seconds = (Date.now() - started) / 1000;
  for (const failure of failures) console.error(`vote bench: a ballot not counted: ${failure}`);
  const central = new pg.Client({ connectionString: options.databaseUrlOf("central") });
  await central.connect();
  try {
    const counted = await central.query<{ n: number }>(`SELECT count(*)::int AS n FROM ballot WHERE subject_id = $1`, [
      resolutionId,
    ]);
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
      seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failed: failed + result.errors + result.timeouts,
      countedByCentral: counted.rows[0]!.n,
      tallied: tallied.rows[0]!.n,
      countedByUnits: units.reduce((sum, { rows }) => sum + rows[0]!.counted, 0),
      pendingInUnits: units.reduce((sum, { rows }) => sum + rows[0]!.pending, 0),
    };
  } finally {
    await central.end();
  }
}

export function voteTable(result: VoteBenchResult, connections: number): string {
  return [
    "| ballots | connections | seconds | ballots/s | p50 ms | p99 ms | failed | counted by central | in its counters | COUNTED in the units | PENDING |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${result.ballots.toLocaleString("en")} | ${connections} | ${result.seconds.toFixed(1)} | ${Math.round(result.ballots / result.seconds)} | ${result.p50} | ${result.p99} | ${result.failed} | ${result.countedByCentral.toLocaleString("en")} | ${result.tallied.toLocaleString("en")} | ${result.countedByUnits.toLocaleString("en")} | ${result.pendingInUnits} |`,
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
