import { Agent, fetch, type Dispatcher } from "undici";
import { signatureHeaders } from "@smart/platform";
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

/**
 * A fetch over `dispatcher` that gives up after `deadlineMs` and signs what it
 * sends with the gateway's secret: its exact body and the Authorization it carries.
 */
export function signedDeadlineFetch(dispatcher: Dispatcher, deadlineMs: number, signingSecret: string) {
  return (url: string, init: Parameters<typeof fetch>[1] = {}) => {
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? init.body : "";
    const signature = signatureHeaders(signingSecret, { timestamp: Math.floor(Date.now() / 1000), authorization: headers.get("authorization") ?? undefined, body });
    for (const [name, value] of Object.entries(signature)) headers.set(name, value);
    return fetch(url, { ...init, headers, dispatcher, signal: AbortSignal.timeout(deadlineMs) });
  };
}

export type UpstreamResult =
  | { ok: true; status: number; body: Record<string, unknown> }
  | { ok: false; reason: UnavailableReason; detail: string; status?: number; body?: unknown };

export interface PostOptions {
  headers: Record<string, string>;
  deadlineMs: number;
  dispatcher: Dispatcher;
  /** The gateway's signing secret: every call is signed. */
  signingSecret: string;
}

/**
 * POSTs a GraphQL request, signed; failures come back classified, never thrown.
 * undici's `request`, not its `fetch`: the router's hot path, where the WHATWG
 * layers of fetch cost more CPU than the call itself.
 */
export async function postGraphql(url: string, payload: unknown, options: PostOptions): Promise<UpstreamResult> {
  let status: number;
  let text: string;
  const body = JSON.stringify(payload);
  const target = new URL(url);
  try {
    const signature = signatureHeaders(options.signingSecret, { timestamp: Math.floor(Date.now() / 1000), authorization: options.headers.authorization, body });
    const response = await options.dispatcher.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...options.headers, ...signature },
      body,
      signal: AbortSignal.timeout(options.deadlineMs),
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { ok: false, reason: timedOut ? "TIMEOUT" : "UNREACHABLE", detail: describeFailure(error) };
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { ok: false, reason: status < 300 ? "BAD_RESPONSE" : "HTTP_ERROR", status, detail: `HTTP ${status}, body is not JSON` };
  }
  if (status < 200 || status >= 300) return { ok: false, reason: "HTTP_ERROR", status, body: answer, detail: `HTTP ${status}` };
  if (!answer || typeof answer !== "object" || Array.isArray(answer)) return { ok: false, reason: "BAD_RESPONSE", status, detail: "body is not a JSON object" };
  return { ok: true, status, body: answer as Record<string, unknown> };
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
