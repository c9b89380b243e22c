import { Agent, fetch, type Dispatcher } from "undici";
import type { UnavailableReason } from "./shardRouter/errors.js";

/**
 * HTTP to subgraphs: keep-alive connections and a deadline per call, never a retry.
 * @apollo/gateway has no per-subgraph timeout (federation#2647) and its `fetcher`
 * option does not reach data sources (apollo-server#4323), so each data source
 * gets its own.
 */
export function keepAliveAgent(): Agent {
  // Shorter than the subgraphs' server keep-alive (65 s), so the client closes first.
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
}

/** A fetch over `dispatcher` that gives up after `deadlineMs`. */
export function deadlineFetch(dispatcher: Dispatcher, deadlineMs: number) {
  return (url: string, init: Parameters<typeof fetch>[1] = {}) =>
    fetch(url, { ...init, dispatcher, signal: AbortSignal.timeout(deadlineMs) });
}

export type UpstreamResult =
  | { ok: true; status: number; body: Record<string, unknown> }
  | { ok: false; reason: UnavailableReason; detail: string; status?: number; body?: unknown };

export interface PostOptions {
  headers: Record<string, string>;
  deadlineMs: number;
  dispatcher: Dispatcher;
}

/** POSTs a GraphQL request; failures come back classified, never thrown. */
export async function postGraphql(url: string, payload: unknown, options: PostOptions): Promise<UpstreamResult> {
  let status: number;
  let text: string;
  try {
    const response = await deadlineFetch(options.dispatcher, options.deadlineMs)(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...options.headers },
      body: JSON.stringify(payload),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { ok: false, reason: timedOut ? "TIMEOUT" : "UNREACHABLE", detail: describeFailure(error) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: status < 300 ? "BAD_RESPONSE" : "HTTP_ERROR", status, detail: `HTTP ${status}, body is not JSON` };
  }
  if (status < 200 || status >= 300) return { ok: false, reason: "HTTP_ERROR", status, body, detail: `HTTP ${status}` };
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, reason: "BAD_RESPONSE", status, detail: "body is not a JSON object" };
  return { ok: true, status, body: body as Record<string, unknown> };
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
