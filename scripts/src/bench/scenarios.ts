import type { Options as AutocannonOptions } from "autocannon";

/** One benchmark: what is sent where, and a name for the table. */
export interface Scenario {
  name: string;
  url: string;
  /** A fixed body, or one made per request (bookings need a fresh member or key each time). */
  body: string | ((n: number) => string);
  headers: Record<string, string>;
  /** Requests in flight at once. */
  connections?: number;
}

/** Requests in flight at once unless a scenario says otherwise. */
export const DEFAULT_CONNECTIONS = 10;

export const graphqlBody = (query: string, variables: Record<string, unknown> = {}) =>
  JSON.stringify({ query, variables });

export function autocannonOptions(scenario: Scenario, durationSeconds: number): AutocannonOptions {
  const headers = { "content-type": "application/json", ...scenario.headers };
  const { body } = scenario;
  if (typeof body === "string") {
    return {
      url: scenario.url,
      method: "POST",
      headers,
      body,
      duration: durationSeconds,
      connections: scenario.connections ?? DEFAULT_CONNECTIONS,
    };
  }
  let n = 0;
  return {
    url: scenario.url,
    duration: durationSeconds,
    connections: scenario.connections ?? DEFAULT_CONNECTIONS,
    requests: [{ method: "POST", headers, setupRequest: (request) => ({ ...request, body: body(n++) }) }],
  };
}
