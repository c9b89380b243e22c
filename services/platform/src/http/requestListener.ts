import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { wantsHtml } from "./contentNegotiation.js";
import type { HttpHandler } from "./graphqlHandler.js";
import { readRawBody, RequestBodyError } from "./requestBody.js";
import { sendRequestError } from "./responses.js";

/** A handler that either answers or passes the request on (`next`): CORS, admission control. */
export type HttpMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface RequestListenerOptions {
  /** Serves /graphql. */
  graphql: HttpHandler;
  /** What a browser's GET /graphql gets instead (the gateway's IDE); without it, Apollo answers. */
  graphqlPage?: RequestListener;
  /** Runs before every request; may answer it (a CORS preflight) instead of passing it on. */
  cors?: HttpMiddleware;
  /**
   * Runs before /graphql only (admission control), once the request's body has
   * arrived: a slow client waits on its own socket, holding no place.
   */
  beforeGraphql?: HttpMiddleware;
  /** The largest body /graphql reads (default 100 kB). */
  bodyLimitBytes?: number;
  /** Exact routes, keyed "GET /health". */
  routes?: Record<string, HttpHandler>;
  /** Everything else (static pages); without it, 404. */
  fallback?: RequestListener;
}

/**
 * One process's HTTP front: /graphql, a few exact routes, and a fallback for pages.
 * Plain Node, so a GraphQL request pays for no framework it does not use.
 */
export function createRequestListener({
  graphql,
  graphqlPage,
  cors,
  beforeGraphql,
  bodyLimitBytes = 100_000,
  routes = {},
  fallback,
}: RequestListenerOptions): RequestListener {
  const onError = (res: ServerResponse) => (error: unknown) => {
    if (res.headersSent) return void res.destroy(error as Error);
    sendRequestError(res, 500, "Unexpected error.", "INTERNAL_SERVER_ERROR");
  };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    if (path === "/graphql") {
      if (graphqlPage && req.method === "GET" && wantsHtml(req)) return graphqlPage(req, res);
      const run = () => void Promise.resolve(graphql(req, res)).catch(onError(res));
      if (!beforeGraphql) return run();
      return void readRawBody(req, bodyLimitBytes).then(
        () => beforeGraphql(req, res, run),
        (error: unknown) =>
          error instanceof RequestBodyError
            ? sendRequestError(res, error.status, error.message, error.code)
            : onError(res)(error),
      );
    }
    const handler = routes[`${req.method} ${path}`];
    if (handler) return void Promise.resolve(handler(req, res)).catch(onError(res));
    if (fallback) return fallback(req, res);
    sendRequestError(res, 404, `Nothing at ${req.method} ${path}.`, "NOT_FOUND");
  };
  return (req, res) => (cors ? cors(req, res, () => route(req, res)) : route(req, res));
}
