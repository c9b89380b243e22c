import type { RequestListener } from "node:http";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { createTokenVerifier, type AuthSettings, type TokenRules, type Viewer } from "./auth.js";
import { jwksKeys } from "./jwksKeys.js";
import { corsPolicyFromEnv, type CorsPolicy } from "./cors.js";
import { maskUnexpectedErrors } from "./errorMasking.js";
import { createGraphqlApp, isSignedByGateway, type RequestWithBody } from "./httpServer.js";
import { compiledExecution } from "./compiledExecution.js";
import type { Logger } from "./logger.js";
import { databaseReadinessRoute } from "./observability/health.js";
import { metricsPlugin, reportPoolMetrics } from "./observability/metrics.js";
import { tracingIsOn } from "./observability/tracing.js";
import { queryLimitsFromEnv, queryLimitsPlugin, type QueryLimits } from "./queryLimits.js";
import {
  createSignatureVerifier,
  developmentPublicKeys,
  VIEWER_HEADER,
  viewerFromSignedClaims,
  type GatewayPublicKey,
  type SignatureTarget,
  ROUTER_PROTOCOL_HEADER,
  ROUTER_PROTOCOL_VERSION,
} from "./routerProtocol/index.js";
import { sendJson } from "./http/responses.js";

/** What every subgraph's context holds; a service adds its own. */
export interface SubgraphContextBase {
  viewer: Viewer;
  /** Whether the gateway signed the request: only then may it use the router's reserved names. */
  signedByGateway: boolean;
}

export interface SubgraphServerOptions<TContext extends SubgraphContextBase> {
  /** The subgraph's executable schema, its access rules applied. */
  schema: GraphQLSchema;
  /** The service's part of the context, from the request and what the platform read of it. */
  context: (request: { req: RequestWithBody } & SubgraphContextBase) => TContext;
  /** Its database: GET /ready asks it, and its pool is reported at /metrics. */
  dataSource: DataSource;
  /** Whose tokens it accepts and as which audience: a bad token is refused here too, not only at the gateway. */
  auth: AuthSettings;
  tokenRules?: TokenRules | undefined;
  /** Who this subgraph is in the gateway's signatures (`x-smart-target`): its unit, or central. */
  signatureTarget: SignatureTarget;
  /** The gateway's public key(s), chosen by `kid` (default: the development key). */
  gatewayKeys?: readonly GatewayPublicKey[] | undefined;
  /** Depth, cost, alias and token limits (default: the platform's). */
  limits?: QueryLimits | undefined;
  /** No introspection, no landing page, no stack traces (default false). */
  production?: boolean | undefined;
  /** Which web origins may call it (default: what an unset CORS_ORIGINS allows in that mode). */
  cors?: CorsPolicy | undefined;
  logger: Logger;
  /** The service's own plugins, after the platform's. */
  plugins?: ApolloServerPlugin<TContext>[];
}

export interface SubgraphServer<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Serves /graphql, /health, /ready and /metrics; does not listen (see `listen`). */
  app: RequestListener;
}

/**
 * Builds and starts (without listening) a subgraph server as every unit and the
 * central office run it: the gateway's signature verified (its call names the
 * caller in x-smart-viewer), else the caller's token checked, the
 * limits applied (the router's own additions free only when signed), unexpected
 * errors masked, readiness and metrics served; every answer says which router
 * protocol it speaks (routerProtocol/version.ts). It reads no environment: the
 * process's index.ts does, and owns the shutdown.
 */
export async function createSubgraphServer<TContext extends SubgraphContextBase>(
  options: SubgraphServerOptions<TContext>,
): Promise<SubgraphServer<TContext>> {
  const {
    schema,
    logger,
    dataSource,
    production = false,
    limits = queryLimitsFromEnv({}),
    gatewayKeys = developmentPublicKeys(),
  } = options;
  // Queries run compiled (compiledExecution.ts); Apollo takes the schema from it.
  const apollo = new ApolloServer<TContext>({
    gateway: compiledExecution(schema, { compile: !tracingIsOn() }),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: maskUnexpectedErrors(logger),
    // The process owner (index.ts) drains HTTP, then stops Apollo and the pool, on SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      // No Apollo Studio behind the gateway: federated traces would only cost time.
      ApolloServerPluginInlineTraceDisabled(),
      // The gateway sets cache-control itself (gateway/src/cachePolicy.ts); per-field hints here would be work no one reads.
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin(limits, { signedByGateway: (context) => context.signedByGateway }),
      metricsPlugin(),
      ...(options.plugins ?? []),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
    logger,
  });
  await apollo.start();
  reportPoolMetrics(dataSource);
  const keys = jwksKeys(options.auth.jwksUri);
  void keys.refresh();
  const tokens = createTokenVerifier({ ...options.auth, keys: keys.getKey, ...options.tokenRules });
  const signatures = createSignatureVerifier(gatewayKeys, { self: options.signatureTarget });
  const app = createGraphqlApp<TContext>({
    apollo,
    cors: options.cors ?? corsPolicyFromEnv({ NODE_ENV: production ? "production" : "development" }),
    context: async ({ req }) => {
      // The gateway's signed call names the caller it verified; any Authorization beside it is not read.
      const signedByGateway = isSignedByGateway(signatures, req);
      const viewer = signedByGateway
        ? viewerFromSignedClaims(req.headers[VIEWER_HEADER])
        : await tokens.viewerOf(req.headers.authorization);
      return options.context({ req, viewer, signedByGateway });
    },
    routes: {
      // The router's protocol this unit speaks, for the gateway and for people (the same on every answer: see below).
      "GET /health": (_req, res) => sendJson(res, 200, { status: "ok", protocol: ROUTER_PROTOCOL_VERSION }),
      ...databaseReadinessRoute(dataSource, { identityKeys: () => keys.state() }),
    },
  });
  const protocol = String(ROUTER_PROTOCOL_VERSION);
  const declaringApp: RequestListener = (req, res) => {
    res.setHeader(ROUTER_PROTOCOL_HEADER, protocol);
    app(req, res);
  };
  return { apollo, app: declaringApp };
}
