import { Agent, fetch } from "undici";

export interface OverloadResult {
  complete: number;
  partial: number;
  shed: number;
  failed: number;
  /** Latency percentiles of the admitted answers (complete or partial), ms. */
  admittedP50: number;
  admittedP99: number;
  /** Slowest shed answer, ms. */
  shedMax: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

/**
 * `clients` callers sending `body` one request after another for `seconds`:
 * each answer classified complete (no errors), partial (data with errors: a unit
 * left out), shed (503 OVERLOADED) or failed (anything else).
 */
export async function overload(url: string, body: string, headers: Record<string, string>, clients: number, seconds: number): Promise<OverloadResult> {
  const dispatcher = new Agent({ connections: clients });
  const until = Date.now() + seconds * 1000;
  const admitted: number[] = [];
  const shed: number[] = [];
  let complete = 0;
  let partial = 0;
  let failed = 0;
  const client = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, dispatcher });
        const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        const ms = performance.now() - started;
        if (response.status === 503 && answer.errors?.[0]?.extensions?.code === "OVERLOADED") {
          shed.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 100));
        } else if (response.status === 200 && answer.data) {
          if (answer.errors?.length) partial++;
          else complete++;
          admitted.push(ms);
        } else {
          failed++;
        }
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  await dispatcher.close();
  admitted.sort((a, b) => a - b);
  return {
    complete,
    partial,
    shed: shed.length,
    failed,
    admittedP50: Math.round(percentile(admitted, 50)),
    admittedP99: Math.round(percentile(admitted, 99)),
    shedMax: Math.round(Math.max(0, ...shed)),
  };
}
