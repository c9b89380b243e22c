import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { DataSource } from "typeorm";
import {
  createGraphqlApp, createLogger, createTokenVerifier, enforceAccessDirective, maskUnexpectedErrors, queryLimitsFromEnv, queryLimitsPlugin,
  type CorsPolicy, type CountryCode, type QueryLimits,
} from "@smart/platform";
import { nationalTypeDefs } from "@smart/schema";
import type { Express } from "express";
import type { NationalContext } from "./context.js";
import { createLoaders } from "./loaders.js";
import { resolvers } from "./resolvers/index.js";
import { nationalAccessPolicy } from "./access/accessPolicy.js";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";

export interface NationalServerOptions {
  unit: CountryCode;
  /** An initialised DataSource over the unit's database. */
  dataSource: DataSource;
  /** HS256 secret the callers' tokens are signed with. */
  jwtSecret: string;
  /** Depth, cost, alias and token limits (default: from the environment). */
  limits?: QueryLimits;
  production?: boolean;
  /** Which web origins may call it (default: from CORS_ORIGINS and NODE_ENV). */
  cors?: CorsPolicy;
}

export interface NationalServer {
  apollo: ApolloServer<NationalContext>;
  /** Serves /graphql and /health once started; does not listen. */
  app: Express;
}

/** Builds (and starts, without listening) one unit's subgraph server. */
export async function buildNationalServer({ unit, dataSource, jwtSecret, limits = queryLimitsFromEnv(), production = process.env.NODE_ENV === "production", cors }: NationalServerOptions): Promise<NationalServer> {
  const logger = createLogger("national", { unit });
  const tokens = createTokenVerifier(jwtSecret);
  const apollo = new ApolloServer<NationalContext>({
    schema: enforceAccessDirective(
      buildSubgraphSchema({ typeDefs: nationalTypeDefs(), resolvers: resolvers as GraphQLResolverMap<unknown> }),
      nationalAccessPolicy,
    ),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: maskUnexpectedErrors(logger),
    // No Apollo Studio here: federated traces would only cost time.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      queryLimitsPlugin(limits),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
  });
  await apollo.start();
  const app = createGraphqlApp({
    apollo,
    ...(cors ? { cors } : {}),
    context: async ({ req }) => ({
      unit,
      viewer: await tokens.viewerOf(req.headers.authorization),
      dataSource,
      loaders: createLoaders(dataSource),
    }),
  });
  return { apollo, app };
}
