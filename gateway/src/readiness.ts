import type { Dispatcher } from "undici";
import { probeReady } from "./upstream.js";

export interface ProbeTarget {
  /** `AT` … `SE`, or `central`. */
  name: string;
  /** The target's GraphQL endpoint; its readiness is `ready` beside it (`…/graphql` → `…/ready`). */
  url: string;
  /** Whether the gateway is not ready while this one is down. */
  required: boolean;
}

export interface TargetState {
  up: boolean;
  required: boolean;
  ms: number;
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  targets: Record<string, TargetState>;
}

/** The readiness URL of a subgraph endpoint: `http://unit-be:4002/graphql` → `http://unit-be:4002/ready`. */
export function readinessUrl(graphqlUrl: string): string {
  return new URL("ready", graphqlUrl).href;
}

/**
 * Asks every target's GET /ready in parallel, each with a short deadline, through
 * the gateway's upstream client: a subgraph is up when it answers 200, which it
 * does only while its database answers.
 */
export async function probeTargets(
  targets: readonly ProbeTarget[],
  options: { timeoutMs: number; dispatcher: Dispatcher },
): Promise<ReadinessReport> {
  const states = await Promise.all(
    targets.map(async (target): Promise<[string, TargetState]> => {
      const started = performance.now();
      const probe = await probeReady(readinessUrl(target.url), {
        deadlineMs: options.timeoutMs,
        dispatcher: options.dispatcher,
      });
      const ms = Math.round(performance.now() - started);
      return [
        target.name,
        { up: probe.up, required: target.required, ms, ...(probe.up ? {} : { reason: probe.reason }) },
      ];
    }),
  );
  return { ready: states.every(([, state]) => state.up || !state.required), targets: Object.fromEntries(states) };
}

/** How old a probe round's result /ready may answer with. */
export const READY_RESULT_MAX_AGE_MS = 1000;

/**
 * `probe`, shared: callers while a round runs wait for it, and for `maxAgeMs`
 * after it began its result is the answer. /ready made ten probes per request,
 * outside admission: a poller could make the gateway probe its units without end.
 */
export function recentProbes<T>(
  probe: () => Promise<T>,
  maxAgeMs: number,
  now = () => performance.now(),
): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (!last || now() - last.at > maxAgeMs) {
      const result = probe();
      const round = { at: now(), result };
      last = round;
      // A round that failed is not kept.
      result.catch(() => {
        if (last === round) last = undefined;
      });
    }
    return last.result;
  };
}
