import { fetch, type Dispatcher } from "undici";

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
 * Asks every target's GET /ready in parallel, each with a short deadline: a subgraph
 * is up when it answers 200, which it does only while its database answers.
 */
export async function probeTargets(targets: readonly ProbeTarget[], options: { timeoutMs: number; dispatcher: Dispatcher }): Promise<ReadinessReport> {
  // A readiness probe carries nothing to sign: no body, no caller.
  const get = (url: string) => fetch(url, { dispatcher: options.dispatcher, signal: AbortSignal.timeout(options.timeoutMs) });
  const states = await Promise.all(
    targets.map(async (target): Promise<[string, TargetState]> => {
      const started = performance.now();
      let reason: string | undefined;
      try {
        const response = await get(readinessUrl(target.url));
        await response.arrayBuffer();
        if (!response.ok) reason = "HTTP_ERROR";
      } catch (error) {
        reason = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError") ? "TIMEOUT" : "UNREACHABLE";
      }
      const ms = Math.round(performance.now() - started);
      return [target.name, { up: !reason, required: target.required, ms, ...(reason ? { reason } : {}) }];
    }),
  );
  return { ready: states.every(([, state]) => state.up || !state.required), targets: Object.fromEntries(states) };
}
