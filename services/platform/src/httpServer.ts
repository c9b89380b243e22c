import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServer, BaseContext } from "@apollo/server";
import { corsMiddleware, corsPolicyFromEnv, type CorsPolicy } from "./cors.js";
import { createGraphqlHandler, type HttpHandler } from "./http/graphqlHandler.js";
import type { RequestWithBody } from "./http/requestBody.js";
import { createRequestListener, type HttpMiddleware } from "./http/requestListener.js";
import { sendJson } from "./http/responses.js";
import { metricsRoute } from "./observability/metrics.js";
import type { SignatureVerifier } from "./routerProtocol/index.js";

export { sendJson, sendRequestError } from "./http/responses.js";
export { wantsHtml } from "./http/contentNegotiation.js";
export type { HttpHandler } from "./http/graphqlHandler.js";
export type { HttpMiddleware } from "./http/requestListener.js";
export type { RequestWithBody } from "./http/requestBody.js";
export { MAX_JSON_DEPTH, nestingDepth } from "./http/requestBody.js";

export interface GraphqlAppOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (args: { req: RequestWithBody; res: http.ServerResponse }) => Promise<TContext>;
  /** Largest request body accepted, in bytes (default 100 kB). */
  bodyLimitBytes?: number;
  /** Extra exact routes, keyed "GET /ready". */
  routes?: Record<string, HttpHandler>;
  /** Runs before /graphql only (the gateway's admission control). */
  beforeGraphql?: HttpMiddleware;
  /** What a browser's GET /graphql gets instead of Apollo's answer (the gateway's IDE). */
  graphqlPage?: http.RequestListener;
  /** What no route answers: pages (the gateway's dashboard and the IDE's files). */
  fallback?: http.RequestListener;
  /** Which web origins may call it (default: from CORS_ORIGINS and NODE_ENV). */
  cors?: CorsPolicy;
}

/** Serves `apollo` at /graphql, `GET /health` and `GET /metrics`, with CORS, on Node's own HTTP. Does not listen. */
export function createGraphqlApp<TContext extends BaseContext>(
  options: GraphqlAppOptions<TContext>,
): http.RequestListener {
  return createRequestListener({
    // First: a preflight is answered here, before Apollo's CSRF check would refuse it.
    cors: corsMiddleware(options.cors ?? corsPolicyFromEnv()),
    graphql: createGraphqlHandler({
      apollo: options.apollo,
      context: options.context,
      ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    }),
    routes: {
      "GET /health": (_req, res) => sendJson(res, 200, { status: "ok" }),
      "GET /metrics": metricsRoute,
      ...options.routes,
    },
    ...(options.beforeGraphql ? { beforeGraphql: options.beforeGraphql } : {}),
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.graphqlPage ? { graphqlPage: options.graphqlPage } : {}),
    ...(options.fallback ? { fallback: options.fallback } : {}),
  });
}

/**
 * Whether the gateway signed `req` for this service (false: unsigned; throws
 * UNAUTHENTICATED for any other signature). The target URI is rebuilt from the
 * request line and Host, the scheme from the connection (or X-Forwarded-Proto
 * behind a proxy that terminates TLS): the signature's target header, not the
 * URI, is what binds it to this service.
 */
export function isSignedByGateway(verifier: SignatureVerifier, req: RequestWithBody): boolean {
  const forwarded = req.headers["x-forwarded-proto"];
  const scheme =
    typeof forwarded === "string"
      ? forwarded.split(",")[0]!.trim()
      : "encrypted" in req.socket && req.socket.encrypted
        ? "https"
        : "http";
  return verifier.isSignedByGateway({
    method: req.method ?? "",
    targetUri: `${scheme}://${req.headers.host ?? ""}${req.url ?? ""}`,
    headers: req.headers,
    body: req.rawBody,
  });
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** How long a client may take to send a request's headers. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** How long a client may take to send a whole request, headers and body (100 kB at most). */
export const REQUEST_TIMEOUT_MS = 20_000;

/** Listens on `port` (0 picks a free one) and resolves once accepting connections. */
export async function listen(listener: http.RequestListener, port: number, host = "127.0.0.1"): Promise<RunningServer> {
  const server = http.createServer(
    {
      // Short: a client that sends its headers or its body a byte at a time is answered 408 and closed, not
      // held for Node's default 300 s. (Idle keep-alive sockets are not requests: keepAliveTimeout governs them.)
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      // How often those are checked (Node's default, 30 s, would let a slow request run that much over).
      connectionsCheckingInterval: 1000,
    },
    listener,
  );
  // Keep-alive longer than the gateway's client side, so the server never closes a socket under it.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}/graphql`,
    port: actual,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
