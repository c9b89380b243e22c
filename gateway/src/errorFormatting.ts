import type { GraphQLFormattedError } from "graphql";
import { isCountryCode, maskUnexpectedErrors, type Logger } from "@smart/platform";

/**
 * The gateway's `formatError`. On top of the platform's masking of unexpected
 * errors, it holds the line for what the subgraphs send, since a unit may be
 * misconfigured or older than the gateway:
 * - an error a subgraph sent without a code (which @apollo/gateway passes on as
 *   DOWNSTREAM_SERVICE_ERROR with the subgraph's message, SQL and all) is
 *   masked like any unexpected error;
 * - a masked error still names the unit it came from (`extensions.unit`), as every
 *   other unit error does;
 * - in production, no `stacktrace` leaves, even one a unit put in its own errors.
 */
export function formatGatewayError(logger: Logger, production: boolean) {
  const mask = maskUnexpectedErrors(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unit = formatted.extensions?.unit;
    let result: GraphQLFormattedError;
    if (formatted.extensions?.code === "DOWNSTREAM_SERVICE_ERROR") {
      logger.error(
        { message: formatted.message, path: formatted.path, unit, service: formatted.extensions.serviceName },
        "a subgraph sent an error without a code",
      );
      result = {
        message: "Internal server error.",
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      };
    } else {
      result = mask(formatted, error);
    }
    if (result !== formatted && (isCountryCode(unit) || unit === "central"))
      result = { ...result, extensions: { ...result.extensions, unit } };
    if (production && result.extensions && "stacktrace" in result.extensions) {
      const { stacktrace: _stacktrace, ...extensions } = result.extensions;
      result = { ...result, extensions };
    }
    return result;
  };
}
