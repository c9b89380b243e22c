import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express, type Request } from "express";
import type { ApolloServer, BaseContext, ContextFunction } from "@apollo/server";
import { expressMiddleware, type ExpressContextFunctionArgument } from "@as-integrations/express5";
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type SignatureVerifier } from "./routerProtocol/index.js";

export interface GraphqlAppOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: ContextFunction<[ExpressContextFunctionArgument], TContext>;
  /** Largest request body accepted, e.g. "100kb". */
  bodyLimit?: string;
  /** Extra routes (health, readiness) mounted before /graphql. */
  routes?: (app: Express) => void;
}

/** An express app serving `apollo` at /graphql and `GET /health`. Does not listen. */
export function createGraphqlApp<TContext extends BaseContext>(options: GraphqlAppOptions<TContext>): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  options.routes?.(app);
  app.use(
    "/graphql",
    // The exact bytes are what the gateway signed (routerProtocol/signature.ts).
    express.json({ limit: options.bodyLimit ?? "100kb", verify: (req, _res, body) => void ((req as RequestWithBody).rawBody = body) }),
    expressMiddleware(options.apollo, { context: options.context }),
  );
  // A body over the limit or unparsable JSON: answer as a GraphQL error, never an HTML page.
  app.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: express.Response, next: express.NextFunction) => {
    if (!error?.status || error.status >= 500) return next(error);
    res.status(error.status).json({
      errors: [{ message: error.type === "entity.too.large" ? "Request body is too large." : "Request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }],
    });
  });
  return app;
}

type RequestWithBody = http.IncomingMessage & { rawBody?: Buffer };

/** Whether the gateway signed `req` (false: unsigned; throws UNAUTHENTICATED for a bad signature). */
export function isSignedByGateway(verifier: SignatureVerifier, req: http.IncomingMessage): boolean {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  return verifier.isSignedByGateway(
    { signature: header(SIGNATURE_HEADER), timestamp: header(SIGNATURE_TIMESTAMP_HEADER), authorization: header("authorization") },
    (req as RequestWithBody).rawBody,
  );
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) and resolves once accepting connections. */
export async function listen(app: Express, port: number, host = "127.0.0.1"): Promise<RunningServer> {
  const server = http.createServer(app);
  // Keep-alive longer than the gateway's client side, so the server never closes a socket under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
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
