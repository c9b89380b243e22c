import { Agent, request } from "undici";
import { cpuDelta, readCpu, type CpuReading, type CpuSources } from "./cpuAccounting.js";

export interface SequentialTarget {
  url: string;
  /** The body of each request; `previous` is the last answer (undefined for the first). */
  body: string | ((previous: unknown) => string);
  headers: Record<string, string>;
}

export interface SequentialResult {
  /** CPU milliseconds per request, by component. */
  cpuPerRequest: CpuReading;
  p50: number;
  p99: number;
}

export interface SequentialOptions {
  requests: number;
  /** Requests sent first and not measured: V8 optimises a hot path over hundreds of requests, and a server runs hot. */
  warmup: number;
}

/** One request; throws on anything but an answer without errors. */
async function post(dispatcher: Agent, target: SequentialTarget, previous: unknown): Promise<unknown> {
  const body = typeof target.body === "string" ? target.body : target.body(previous);
  const response = await request(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    body,
    dispatcher,
  });
  const answer = (await response.body.json()) as { errors?: unknown[] };
  if (response.statusCode !== 200 || answer.errors)
    throw new Error(`bench request failed: HTTP ${response.statusCode} ${JSON.stringify(answer).slice(0, 300)}`);
  return answer;
}

/** Requests per block of the warm-up after its first `warmup`; CPU per request is compared block to block. */
const SETTLE_BLOCK = 500;
/** A block at most this much cheaper than the one before ends the warm-up. */
const SETTLED_WITHIN = 0.05;
/** However far from settled, a warm-up ends after this long. */
const SETTLE_LIMIT_MS = 60_000;

/**
 * `warmup` requests, then blocks of SETTLE_BLOCK until the CPU per request of a
 * block is within SETTLED_WITHIN of the block before (or SETTLE_LIMIT_MS has
 * passed): V8 goes on optimising a server's hot path, and sizing its heap, for
 * thousands of requests (a unit's page, driven alone: 2.4 ms of CPU over the
 * 3,000 requests after the first 500, 1.2 ms after 15,000), and what a
 * long-running server spends is the settled figure.
 * A bench without CPU sources (the WAN's) only sends `warmup`.
 */
async function warmUp(
  dispatcher: Agent,
  target: SequentialTarget,
  sources: CpuSources,
  warmup: number,
  previous: unknown,
): Promise<unknown> {
  for (let n = 0; n < warmup; n++) previous = await post(dispatcher, target, previous);
  if (!Object.keys(sources.processes).length || warmup === 0) return previous;
  const started = performance.now();
  let last = Infinity;
  while (performance.now() - started < SETTLE_LIMIT_MS) {
    const before = readCpu(sources);
    for (let n = 0; n < SETTLE_BLOCK; n++) previous = await post(dispatcher, target, previous);
    const perRequest = Object.values(cpuDelta(before, readCpu(sources))).reduce((a, b) => a + b, 0) / SETTLE_BLOCK;
    if (perRequest > last * (1 - SETTLED_WITHIN)) break;
    last = perRequest;
  }
  return previous;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/**
 * Requests one after another, after a warm-up: the CPU time each component spent
 * on them, from /proc, per request — stable on a shared, noisy machine where
 * requests per second swing by a third — and the latencies.
 */
export async function measureSequential(
  target: SequentialTarget,
  sources: CpuSources,
  options: SequentialOptions,
): Promise<SequentialResult> {
  const [result] = await measureInterleaved([target], sources, { ...options, rounds: 1 });
  return result!;
}

/**
 * Several targets measured in turns (`rounds` turns of requests/rounds each), so
 * that the machine's drift over a run — a shared machine's speed changes by more
 * than what is compared — falls on all of them alike: per target, the CPU per
 * request summed over its turns, and its latencies.
 */
export async function measureInterleaved(
  targets: readonly SequentialTarget[],
  sources: CpuSources,
  { requests, warmup, rounds }: SequentialOptions & { rounds: number },
): Promise<SequentialResult[]> {
  const dispatchers = targets.map(() => new Agent({ connections: 1 }));
  const previous: unknown[] = targets.map(() => undefined);
  for (const [i, target] of targets.entries())
    previous[i] = await warmUp(dispatchers[i]!, target, sources, warmup, previous[i]);
  const spent: CpuReading[] = targets.map(() => ({}));
  const latencies: number[][] = targets.map(() => []);
  const perRound = Math.ceil(requests / rounds);
  for (let round = 0; round < rounds; round++) {
    for (const [i, target] of targets.entries()) {
      const before = readCpu(sources);
      for (let n = 0; n < perRound; n++) {
        const started = performance.now();
        previous[i] = await post(dispatchers[i]!, target, previous[i]);
        latencies[i]!.push(performance.now() - started);
      }
      for (const [name, ms] of Object.entries(cpuDelta(before, readCpu(sources))))
        spent[i]![name] = (spent[i]![name] ?? 0) + ms;
    }
  }
  await Promise.all(dispatchers.map((d) => d.close()));
  return targets.map((_, i) => {
    const sorted = latencies[i]!.sort((a, b) => a - b);
    return {
      cpuPerRequest: Object.fromEntries(Object.entries(spent[i]!).map(([name, ms]) => [name, ms / sorted.length])),
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
    };
  });
}
