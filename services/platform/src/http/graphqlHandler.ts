import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { readJsonBody, RequestBodyError, type RequestWithBody } from "./requestBody.js";
import { sendRequestError } from "./responses.js";

export interface GraphqlHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** The request's context; `req.rawBody` holds the exact bytes of a JSON body, `res` is where its answer goes. */
  context: (args: { req: RequestWithBody; res: ServerResponse }) => Promise<TContext>;
  /** Largest request body accepted, in bytes (default 100 kB). */
  bodyLimitBytes?: number;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * Apollo Server on Node's own HTTP objects: read the body, hand Apollo the request,
 * write its answer. What Express and its JSON parser did here cost more CPU than
 * the GraphQL work of a small query (ETags, the router, per-request closures).
 */
export function createGraphqlHandler<TContext extends BaseContext>({
  apollo,
  context,
  bodyLimitBytes = 100_000,
}: GraphqlHandlerOptions<TContext>): HttpHandler {
  apollo.assertStarted("createGraphqlHandler()");
  return async (req, res) => {
    let body: unknown;
    try {
      body = await readJsonBody(req, bodyLimitBytes);
    } catch (error) {
      if (!(error instanceof RequestBodyError)) throw error;
      return sendRequestError(res, error.status, error.message, error.code);
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? "GET").toUpperCase(),
        headers,
        search: query < 0 ? "" : url.slice(query),
        body,
      },
      context: () => context({ req, res }),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.setHeader("content-length", Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
