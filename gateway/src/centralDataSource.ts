import { RemoteGraphQLDataSource } from "@apollo/gateway";
import { ErrorCode, graphqlError } from "@smart/platform";
import type { Dispatcher } from "undici";
import { FORWARDED_HEADERS } from "./shardRouter/router.js";
import { signedDeadlineFetch } from "./upstream.js";

export interface CentralDataSourceOptions {
  url: string;
  deadlineMs: number;
  dispatcher: Dispatcher;
  signingSecret: string;
}

/**
 * The central office's subgraph: a plain remote data source, with its own
 * keep-alive pool and deadline (the gateway gives none, federation#2647), the
 * caller's Authorization and Accept-Language (the default `lang` of the central
 * office's texts) forwarded, every call signed, and a failure reported like a
 * unit's.
 */
export function centralDataSource({ url, deadlineMs, dispatcher, signingSecret }: CentralDataSourceOptions): RemoteGraphQLDataSource {
  return new RemoteGraphQLDataSource({
    url,
    // undici's fetch is what the Fetcher interface describes; their type packages differ.
    fetcher: signedDeadlineFetch(dispatcher, deadlineMs, signingSecret) as unknown as RemoteGraphQLDataSource["fetcher"],
    willSendRequest(options) {
      if (!("incomingRequestContext" in options)) return;
      for (const name of FORWARDED_HEADERS) {
        const value = options.incomingRequestContext.request.http?.headers.get(name);
        if (value) options.request.http?.headers.set(name, value);
      }
    },
    didEncounterError(error, _request, response) {
      // A 4xx carries the subgraph's verdict on the caller's request: keep it.
      if (response && response.status >= 400 && response.status < 500) throw error;
      const reason = !response ? (error.name === "TimeoutError" ? "TIMEOUT" : "UNREACHABLE") : response.status >= 500 ? "HTTP_ERROR" : "BAD_RESPONSE";
      throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The central office's subgraph is unavailable; the answer lacks its part.", { unit: "central", reason });
    },
  });
}
