/**
 * The gateway's memory, budgeted. Its live data is some 50 MB (the supergraph,
 * the planner, Apollo, the pools); left to its defaults on a large machine, V8
 * lets the heap grow past 250 MB under load before it collects. So V8's old space
 * is capped at GATEWAY_HEAP_MB — `node --max-old-space-size`, given by whatever
 * starts the gateway (GATEWAY_NODE_ARGS: the dev stack and the bench, Compose,
 * Kubernetes, the Dockerfile) — and every cache the gateway keeps is bounded to
 * fit well inside it (below, and the caches' own counts: cursors, tokens,
 * prepared fetches, page shares).
 */
export const GATEWAY_HEAP_MB = 128;

/** The Node options the gateway runs with. */
export const GATEWAY_NODE_ARGS: readonly string[] = [`--max-old-space-size=${GATEWAY_HEAP_MB}`];

/** Apollo's caches, in MiB (their own defaults are 30 each). */
export const CACHE_MIB = {
  /** Parsed and validated documents (Apollo Server's document store). */
  documents: 8,
  /** Query plans (@apollo/gateway's plan store). */
  queryPlans: 8,
  /** Apollo Server's cache: the public response cache, when it is on. */
  responses: 16,
} as const;
