import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLSchemaModule } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DataSource } from "typeorm";
import {
  corsPolicyFromEnv, createGraphqlApp, createLogger, createSignatureVerifier, createTokenVerifier, databaseReadinessRoute, DEVELOPMENT_SIGNING_SECRET,
  isSignedByGateway, languageFromAcceptLanguage, maskUnexpectedErrors, metricsPlugin, queryLimitsFromEnv, queryLimitsPlugin, reportPoolMetrics, secretList,
  type CorsPolicy, type Logger, type QueryLimits, type SigningSecrets, type TokenRules,
} from "@smart/platform";
import type { CentralContext } from "./context.js";
import { createLoaders } from "./loaders.js";
import { resolvers } from "./resolvers/index.js";
import { centralTypeDefs } from "@smart/schema";

export interface CentralServerOptions {
  /** An initialised DataSource whose migrations have run. */
  dataSource: DataSource;
  /** HS256 secret of the callers' tokens: a bad token is refused here too, not only at the gateway. */
  jwtSecret: string;
  /** Token lifetime and clock skew (default: the platform's, 24 h and 60 s). */
  tokenRules?: TokenRules;
  /** The gateway's signing secret(s) (default: the development secret). */
  signingSecrets?: SigningSecrets;
  logger?: Logger;
  /** Depth, cost, alias and token limits (default: the platform's defaults, not the environment). */
  limits?: QueryLimits;
  /** No introspection and no landing page (default false). */
  production?: boolean;
  /** Which web origins may call it (default: the development or production default of CORS_ORIGINS unset). */
  cors?: CorsPolicy;
}

/**
 * The central subgraph as an express app serving /graphql, /health, /ready and /metrics.
 * Starts Apollo (the express integration needs it started) but neither listens,
 * connects nor reads the environment: the caller owns the DataSource and the port.
 */
export async function buildCentralServer({
  dataSource,
  jwtSecret,
  tokenRules,
  signingSecrets = { current: DEVELOPMENT_SIGNING_SECRET },
  logger = createLogger("central"),
  limits = queryLimitsFromEnv({}),
  production = false,
  cors = corsPolicyFromEnv({ NODE_ENV: production ? "production" : "development" }),
}: CentralServerOptions) {
  const apollo = new ApolloServer<CentralContext>({
    schema: buildSubgraphSchema({
      typeDefs: centralTypeDefs(),
      // The generated Resolvers type is stricter than @apollo/subgraph's untyped map.
      resolvers: resolvers as GraphQLSchemaModule["resolvers"],
    }),
    introspection: !production,
    formatError: maskUnexpectedErrors(logger),
    includeStacktraceInErrorResponses: false,
    // The process owner (index.ts) closes HTTP, Apollo and the database in order on SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      // No Apollo Studio behind the gateway: federated traces would only cost time.
      ApolloServerPluginInlineTraceDisabled(),
      queryLimitsPlugin(limits, { signedByGateway: (context) => context.signedByGateway }),
      metricsPlugin(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
    logger,
  });
  await apollo.start();
  reportPoolMetrics(dataSource);
  const tokens = createTokenVerifier(jwtSecret, tokenRules);
  const signatures = createSignatureVerifier(secretList(signingSecrets));
  const app = createGraphqlApp({
    apollo,
    cors,
    context: async ({ req }) => ({
      viewer: await tokens.viewerOf(req.headers.authorization),
      lang: languageFromAcceptLanguage(req.headers["accept-language"]),
      signedByGateway: isSignedByGateway(signatures, req),
      dataSource,
      loaders: createLoaders(dataSource),
    }),
    routes: databaseReadinessRoute(dataSource),
  });
  return { apollo, app };
}

export type CentralServer = Awaited<ReturnType<typeof buildCentralServer>>;
