import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GraphQLFormattedError } from "graphql";
import { Agent, type Dispatcher } from "undici";
import {
  REQUEST_ID_HEADER,
  VIEWER_HEADER,
  viewerHeader,
  type GatewaySigner,
  type SignatureTarget,
  type Viewer,
} from "@smart/platform";
import type { Json } from "./json.js";

/**
 * The gateway's one client for its subgraphs over HTTP — the nine units (through
 * the shard router) and the central office — and for their readiness: keep-alive
 * connections, every GraphQL call signed for its target (routerProtocol/signature.ts),
 * the caller named inside the signature and never their token, a deadline per call and never a retry,
 * and one classification of what went wrong (the caller's fault, or the subgraph's).
 * @apollo/gateway has no per-subgraph timeout (federation#2647) and its `fetcher`
 * option does not reach data sources (apollo-server#4323), hence our own.
 * undici's `request`, not its `fetch`: the router's hot path, where the WHATWG
 * layers of fetch cost more CPU than the call itself.
 */
export function keepAliveAgent(): Agent {
  // Shorter than the subgraphs' server keep-alive (65 s), so the client closes first.
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128 });
}

/** Why a subgraph gave no answer. */
/** INCOMPATIBLE: not called, its router protocol or its schema being one the gateway cannot plan for (shardRouter/unitSchemas.ts). */
export type UnavailableReason = "TIMEOUT" | "UNREACHABLE" | "HTTP_ERROR" | "BAD_RESPONSE" | "INCOMPATIBLE";

/** The caller's own headers every subgraph call carries: their languages (the default `lang` of localised fields). Never their Authorization. */
export const FORWARDED_HEADERS = ["accept-language"] as const;

/** A bound on the bytes of answers, shared by the calls of one request as they read. */
export interface AnswerBudget {
  /** Counts `bytes` more; false once past the bound. */
  consume(bytes: number): boolean;
}

/** A request's allowance of subgraph calls and of their answers' bytes (unitCallAllowance.ts's UnitCallAllowance). */
export interface CallAllowance extends AnswerBudget {
  readonly limit: number;
  readonly maxAnswerBytes: number;
  /** Spends one call: false (and the call is not made) once spent. */
  take(): boolean;
  /** A call dropped for the bytes bound. */
  overflow(): void;
  /** Whether the bytes bound (rather than the number of calls) stopped the request. */
  readonly answerTooLarge: boolean;
}

/** What the gateway knows of the request a fetch serves (server.ts's context: the verified caller and the request's ID). */
export interface CallerContext {
  viewer?: Viewer;
  requestId?: string;
  /** The unit calls the request may still make (absent: the gateway's own work, not a caller's request). */
  unitCalls?: CallAllowance;
}

/**
 * What every subgraph call carries of its caller, all covered by the gateway's
 * signature: the caller as the gateway verified them (`x-smart-viewer`; none for
 * an anonymous caller), the request's ID and the caller's languages. The
 * caller's Authorization stays at the gateway: a unit that reads its traffic
 * holds nothing it could use anywhere else.
 */
export function forwardedHeaders(fetch: GraphQLDataSourceProcessOptions): Record<string, string> {
  const incoming = "incomingRequestContext" in fetch ? fetch.incomingRequestContext.request.http?.headers : undefined;
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = incoming?.get(name);
    if (value) forwarded[name] = value;
  }
  const context = fetch.context as CallerContext | undefined;
  const viewer = context?.viewer ? viewerHeader(context.viewer) : undefined;
  if (viewer) forwarded[VIEWER_HEADER] = viewer;
  if (context?.requestId) forwarded[REQUEST_ID_HEADER] = context.requestId;
  return forwarded;
}

export interface CallOptions {
  /** The caller's headers (forwardedHeaders) and any other: those of the protocol are signed. */
  headers: Record<string, string>;
  deadlineMs: number;
  dispatcher: Dispatcher;
  /** Signs every call (the gateway's private key). */
  signer: GatewaySigner;
  /** Who the call is for: a unit, or central; a signature for one is refused by every other. */
  target: SignatureTarget;
  /**
   * Counts the answer's bytes as they arrive, against a bound shared by the calls of one request
   * (UnitCallAllowance): once it says no, the call is given up (`tooLarge`), its body never held whole.
   */
  answerBudget?: AnswerBudget;
}

/** How one subgraph call ended: an answer (its own errors included), or no answer. */
export type SubgraphOutcome =
  | { answered: true; data: Json | null; errors: readonly GraphQLFormattedError[] }
  | { answered: false; reason: UnavailableReason; detail: string; subgraphErrors?: string[]; tooLarge?: true };

/** Errors a subgraph sends with a non-2xx status that are its verdict on the caller, not a failure of the subgraph. */
const CALLER_ERROR_CODES = new Set(["BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "QUERY_TOO_COMPLEX"]);

/** Sends one GraphQL request to a subgraph, signed; never throws, never retries. */
export async function callSubgraph(
  url: string,
  payload: { query: string; variables: Json; operationName?: string },
  options: CallOptions,
): Promise<SubgraphOutcome> {
  const result = await postGraphql(url, payload, options);
  const answer = result.ok ? result.body : callerVerdict(result.body);
  if (answer && ("data" in answer || Array.isArray(answer.errors))) {
    const data = answer.data;
    return {
      answered: true,
      data: data && typeof data === "object" && !Array.isArray(data) ? (data as Json) : null,
      errors: Array.isArray(answer.errors) ? (answer.errors as GraphQLFormattedError[]) : [],
    };
  }
  if (result.ok) return { answered: false, reason: "BAD_RESPONSE", detail: "neither data nor errors in the body" };
  if (result.tooLarge) return { answered: false, reason: result.reason, detail: result.detail, tooLarge: true };
  const subgraphErrors = errorMessages(result.body);
  return {
    answered: false,
    reason: result.reason,
    detail: result.detail,
    ...(subgraphErrors ? { subgraphErrors } : {}),
  };
}

/**
 * The `outcome` label of smart_unit_fetch_duration_seconds: `ok`, `errors` (answered,
 * with errors of its own), or why there was no answer (`timeout`, `unreachable`,
 * `http_error`, `bad_response`).
 */
export function outcomeLabel(outcome: SubgraphOutcome): string {
  if (outcome.answered) return outcome.errors.length ? "errors" : "ok";
  return outcome.reason.toLowerCase();
}

/** Whether a subgraph's GET /ready answered 200 within the deadline (it does only while its database answers). */
export async function probeReady(
  url: string,
  options: { deadlineMs: number; dispatcher: Dispatcher },
): Promise<{ up: true } | { up: false; reason: UnavailableReason }> {
  const target = targetOf(url);
  const call = deadline(options.deadlineMs);
  try {
    // A readiness probe carries nothing to sign: no body, no caller.
    const response = await options.dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: "GET",
      signal: call.signal,
    });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300 ? { up: true } : { up: false, reason: "HTTP_ERROR" };
  } catch (error) {
    return { up: false, reason: failureReason(error) };
  } finally {
    call.release();
  }
}

type PostResult =
  | { ok: true; status: number; body: Json }
  | { ok: false; reason: UnavailableReason; detail: string; status?: number; body?: unknown; tooLarge?: true };

/** A subgraph's URL as undici takes it, parsed once (the same few URLs are called all day); `url` as the subgraph rebuilds it from Host. */
const targets = new Map<string, { origin: string; path: string; url: string }>();
function targetOf(url: string): { origin: string; path: string; url: string } {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search}`;
    targets.set(url, (target = { origin: parsed.origin, path, url: `${parsed.origin}${path}` }));
  }
  return target;
}

/**
 * An abort signal for a call's deadline, and its release once the call is over.
 * AbortSignal.timeout's timer runs out even after the call has ended, and then
 * aborts — a DOMException with its stack for each call, nine per Europe-wide
 * fetch — however long ago the answer came.
 */
function deadline(ms: number): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${ms} ms.`, "TimeoutError")), ms);
  return { signal: controller.signal, release: () => clearTimeout(timer) };
}

async function postGraphql(url: string, payload: unknown, options: CallOptions): Promise<PostResult> {
  let status: number;
  let text: string;
  const body = JSON.stringify(payload);
  const target = targetOf(url);
  const call = deadline(options.deadlineMs);
  try {
    const signature = options.signer.sign({ url: target.url, target: options.target, headers: options.headers, body });
    const response = await options.dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: "POST",
      // No Accept: a subgraph then answers application/json without negotiating it (Apollo parses an Accept header three times per request).
      headers: { "content-type": "application/json", ...options.headers, ...signature },
      body,
      signal: call.signal,
    });
    status = response.statusCode;
    const budget = options.answerBudget;
    if (!budget) text = await response.body.text();
    else {
      const read = await readWithin(response.body, budget);
      if (read === undefined)
        return { ok: false, reason: "BAD_RESPONSE", detail: "answer past the request's bound", tooLarge: true };
      text = read;
    }
  } catch (error) {
    return { ok: false, reason: failureReason(error), detail: describeFailure(error) };
  } finally {
    call.release();
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return {
      ok: false,
      reason: status < 300 ? "BAD_RESPONSE" : "HTTP_ERROR",
      status,
      detail: `HTTP ${status}, body is not JSON`,
    };
  }
  if (status < 200 || status >= 300)
    return { ok: false, reason: "HTTP_ERROR", status, body: answer, detail: `HTTP ${status}` };
  if (!answer || typeof answer !== "object" || Array.isArray(answer))
    return { ok: false, reason: "BAD_RESPONSE", status, detail: "body is not a JSON object" };
  return { ok: true, status, body: answer as Json };
}

/** The body as text, or undefined (and the body dropped) once the budget says no. */
async function readWithin(body: Dispatcher.ResponseData["body"], budget: AnswerBudget): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (!budget.consume(chunk.length)) {
      body.destroy();
      return undefined;
    }
    size += chunk.length;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

/** A non-2xx body that only rejects the caller's input or credentials (e.g. 400 for a bad variable). */
function callerVerdict(body: unknown): Json | undefined {
  const errors = body && typeof body === "object" ? (body as Json).errors : undefined;
  if (!Array.isArray(errors) || !errors.length) return undefined;
  const fromCaller = errors.every((e) =>
    CALLER_ERROR_CODES.has((e as GraphQLFormattedError).extensions?.code as string),
  );
  return fromCaller ? { data: null, errors } : undefined;
}

/** A few of the subgraph's own messages in a failed answer, for the log. */
function errorMessages(body: unknown): string[] | undefined {
  const errors = body && typeof body === "object" ? (body as Json).errors : undefined;
  return Array.isArray(errors)
    ? errors.slice(0, 3).map((e) => String((e as GraphQLFormattedError).message))
    : undefined;
}

function failureReason(error: unknown): UnavailableReason {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
    ? "TIMEOUT"
    : "UNREACHABLE";
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
