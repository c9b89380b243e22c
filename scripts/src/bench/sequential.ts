import { Agent, fetch } from "undici";
import { cpuDelta, readCpu, type CpuReading, type CpuSources } from "./cpuAccounting.js";

export interface SequentialResult {
  /** CPU milliseconds per request, by component. */
  cpuPerRequest: CpuReading;
  p50: number;
  p99: number;
}

async function post(dispatcher: Agent, url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, dispatcher });
  const answer = (await response.json()) as { errors?: unknown[] };
  if (response.status !== 200 || answer.errors) throw new Error(`bench request failed: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
}

/**
 * `requests` requests one after another (after a warm-up): the CPU time each
 * component spent on them, from /proc, per request — stable on a shared, noisy
 * machine where requests per second swing by a third — and the latencies.
 */
export async function measureSequential(
  target: { url: string; body: string; headers: Record<string, string> },
  sources: CpuSources,
  requests: number,
): Promise<SequentialResult> {
  const dispatcher = new Agent({ connections: 1 });
  for (let i = 0; i < Math.min(50, requests); i++) await post(dispatcher, target.url, target.body, target.headers);
  const latencies: number[] = [];
  const before = readCpu(sources);
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await post(dispatcher, target.url, target.body, target.headers);
    latencies.push(performance.now() - started);
  }
  const spent = cpuDelta(before, readCpu(sources));
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return {
    cpuPerRequest: Object.fromEntries(Object.entries(spent).map(([name, ms]) => [name, ms / requests])),
    p50: latencies[Math.floor(latencies.length / 2)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
  };
}
