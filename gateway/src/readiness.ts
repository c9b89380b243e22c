import type { Dispatcher } from "undici";
import { postGraphql } from "./upstream.js";

export interface ProbeTarget {
  /** `AT` … `SE`, or `central`. */
  name: string;
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

/** Asks every target `{ __typename }` in parallel, each with a short deadline. */
export async function probeTargets(targets: readonly ProbeTarget[], options: { timeoutMs: number; dispatcher: Dispatcher; signingSecret: string }): Promise<ReadinessReport> {
  const states = await Promise.all(
    targets.map(async (target): Promise<[string, TargetState]> => {
      const started = performance.now();
      const result = await postGraphql(target.url, { query: "{ __typename }" }, { headers: {}, deadlineMs: options.timeoutMs, dispatcher: options.dispatcher, signingSecret: options.signingSecret });
      const ms = Math.round(performance.now() - started);
      const data = result.ok ? (result.body.data as { __typename?: unknown } | null | undefined) : undefined;
      const up = typeof data?.__typename === "string";
      const reason = result.ok ? (up ? undefined : "BAD_RESPONSE") : result.reason;
      return [target.name, { up, required: target.required, ms, ...(reason ? { reason } : {}) }];
    }),
  );
  return { ready: states.every(([, state]) => state.up || !state.required), targets: Object.fromEntries(states) };
}
