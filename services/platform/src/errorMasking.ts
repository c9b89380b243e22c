import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";

/**
 * Apollo's `formatError`: errors a resolver raised on purpose (a GraphQLError with
 * an `extensions.code`) go out as they are; anything else — a driver error with
 * SQL in it, a bug — is logged and leaves as a bare INTERNAL_SERVER_ERROR.
 */
export function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GraphQLError && original.extensions?.code) return formatted;
    if (formatted.extensions?.code && formatted.extensions.code !== "INTERNAL_SERVER_ERROR") return formatted;
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, "database unavailable");
      return {
        message: "This service's database is unavailable; try again shortly.",
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: "SHARD_UNAVAILABLE", reason: "DATABASE", retryable: true },
      };
    }
    logger.error({ err: original, path: formatted.path }, "unexpected error");
    return {
      message: "Internal server error.",
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

/** Node's codes for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
]);
/**
 * Postgres SQLSTATEs of a server that will not serve us now: connection exceptions (08…),
 * too many connections, operator intervention (shutdown, cannot connect now), a database
 * not accepting connections.
 */
const UNAVAILABLE_STATES = /^(08...|53300|57P0[1-3]|55000)$/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not currently accepting connections|Connection is not established|the database system is (starting up|shutting down)/i;

/**
 * Whether an error says the database could not be reached (as pg and TypeORM report
 * it, through `driverError`, `cause` and AggregateError's `errors`), not that a query was wrong.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.test(code))) {
    return code !== "55000" || (typeof message === "string" && /accepting connections/.test(message));
  }
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
