import type { GraphQLFormattedError } from "graphql";
import type { Dispatcher } from "undici";
import { postGraphql } from "../upstream.js";
import type { UnavailableReason } from "./errors.js";

type Json = Record<string, unknown>;

/** How one unit call ended: an answer (its own errors included), or no answer. */
export type UnitOutcome =
  | { answered: true; data: Json | null; errors: readonly GraphQLFormattedError[] }
  | { answered: false; reason: UnavailableReason; detail: string; unitErrors?: string[] };

/** Errors a unit sends with a non-2xx status that are its verdict on the caller, not a failure of the unit. */
const CALLER_ERROR_CODES = new Set(["BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "QUERY_TOO_COMPLEX"]);

/** Sends one GraphQL request to a unit; never throws, never retries. */
export async function callUnit(
  url: string,
  payload: { query: string; variables: Json; operationName?: string },
  options: { headers: Record<string, string>; deadlineMs: number; dispatcher: Dispatcher; signingSecret: string },
): Promise<UnitOutcome> {
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
  const unitErrors = errorMessages(result.body);
  return { answered: false, reason: result.reason, detail: result.detail, ...(unitErrors ? { unitErrors } : {}) };
}

/** A non-2xx body that only rejects the caller's input or credentials (e.g. 400 for a bad variable). */
function callerVerdict(body: unknown): Json | undefined {
  const errors = body && typeof body === "object" ? (body as Json).errors : undefined;
  if (!Array.isArray(errors) || !errors.length) return undefined;
  const fromCaller = errors.every((e) => CALLER_ERROR_CODES.has((e as GraphQLFormattedError).extensions?.code as string));
  return fromCaller ? { data: null, errors } : undefined;
}

/** A few of the unit's own messages in a failed answer, for the log. */
function errorMessages(body: unknown): string[] | undefined {
  const errors = body && typeof body === "object" ? (body as Json).errors : undefined;
  return Array.isArray(errors) ? errors.slice(0, 3).map((e) => String((e as GraphQLFormattedError).message)) : undefined;
}
