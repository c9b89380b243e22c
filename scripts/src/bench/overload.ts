import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Agent, request } from "undici";

export interface OverloadResult {
  complete: number;
  partial: number;
  shed: number;
  failed: number;
  /** Latency percentiles of the admitted answers (complete or partial), ms. */
  admittedP50: number;
  admittedP99: number;
  /** The 99th percentile and the slowest of the shed answers, ms. */
  shedP99: number;
  shedMax: number;
}

interface Load {
  url: string;
  body: string;
  headers: Record<string, string>;
  clients: number;
  seconds: number;
}

interface Measured {
  admitted: number[];
  shed: number[];
  complete: number;
  partial: number;
  failed: number;
}

/** Threads the callers are spread over: one event loop for 150 callers would itself be the queue that is measured. */
const THREADS = 3;

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

/**
 * `clients` callers sending `body` one request after another for `seconds`:
 * each answer classified complete (no errors), partial (data with errors: a unit
 * left out), shed (503 OVERLOADED) or failed (anything else). The callers run on
 * THREADS worker threads with undici's plain `request`, so that what is timed is
 * the gateway's answer, not the load generator's own backlog.
 */
export async function overload(
  url: string,
  body: string,
  headers: Record<string, string>,
  clients: number,
  seconds: number,
): Promise<OverloadResult> {
  const threads = Math.min(THREADS, clients);
  const shares = Array.from(
    { length: threads },
    (_, i) => Math.floor(clients / threads) + (i < clients % threads ? 1 : 0),
  );
  const parts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<Measured>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), {
            workerData: { url, body, headers, clients: share, seconds } satisfies Load,
          });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  const admitted = parts.flatMap((p) => p.admitted).sort((a, b) => a - b);
  const shed = parts.flatMap((p) => p.shed).sort((a, b) => a - b);
  const sum = (key: "complete" | "partial" | "failed") => parts.reduce((total, p) => total + p[key], 0);
  return {
    complete: sum("complete"),
    partial: sum("partial"),
    shed: shed.length,
    failed: sum("failed"),
    admittedP50: Math.round(percentile(admitted, 50)),
    admittedP99: Math.round(percentile(admitted, 99)),
    shedP99: Math.round(percentile(shed, 99)),
    shedMax: Math.round(shed.at(-1) ?? 0),
  };
}

/** One thread's callers. */
async function callers({ url, body, headers, clients, seconds }: Load): Promise<Measured> {
  const dispatcher = new Agent({ connections: clients });
  const until = Date.now() + seconds * 1000;
  const measured: Measured = { admitted: [], shed: [], complete: 0, partial: 0, failed: 0 };
  const caller = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      try {
        const response = await request(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
          dispatcher,
        });
        const answer = (await response.body.json()) as {
          data?: unknown;
          errors?: { extensions?: { code?: string } }[];
        };
        const ms = performance.now() - started;
        if (response.statusCode === 503 && answer.errors?.[0]?.extensions?.code === "OVERLOADED") {
          measured.shed.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 100));
        } else if (response.statusCode === 200 && answer.data) {
          if (answer.errors?.length) measured.partial++;
          else measured.complete++;
          measured.admitted.push(ms);
        } else {
          measured.failed++;
        }
      } catch {
        measured.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, caller));
  await dispatcher.close();
  return measured;
}

if (!isMainThread) parentPort!.postMessage(await callers(workerData as Load));
