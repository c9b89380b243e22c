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
    logger.error({ err: original, path: formatted.path }, "unexpected error");
    return {
      message: "Internal server error.",
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
