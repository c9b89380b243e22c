import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { DataSource } from "typeorm";
import {
  createCursorCodec, createGraphqlApp, createLogger, createSignatureVerifier, createTokenVerifier, DEVELOPMENT_SIGNING_SECRET, enforceAccessDirective,
  isSignedByGateway, maskUnexpectedErrors, queryLimitsFromEnv, queryLimitsPlugin, secretList, type CountryCode, type QueryLimits, type SigningSecrets, type TokenRules,
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
  /** Token lifetime and clock skew (default: the platform's, 24 h and 60 s). */
  tokenRules?: TokenRules;
  /** The gateway's signing secret(s): which requests the router sent, and the cursors' key (default: the development secret). */
  signingSecrets?: SigningSecrets;
  /** Depth, cost, alias and token limits (default: from the environment). */
  limits?: QueryLimits;
  production?: boolean;
}

export interface NationalServer {
  apollo: ApolloServer<NationalContext>;
  /** Serves /graphql and /health once started; does not listen. */
  app: Express;
}

/** Builds (and starts, without listening) one unit's subgraph server. */
export async function buildNationalServer({
  unit,
  dataSource,
  jwtSecret,
  tokenRules,
  signingSecrets = { current: DEVELOPMENT_SIGNING_SECRET },
  limits = queryLimitsFromEnv(),
  production = process.env.NODE_ENV === "production",
}: NationalServerOptions): Promise<NationalServer> {
  const logger = createLogger("national", { unit });
  const tokens = createTokenVerifier(jwtSecret, tokenRules);
  const signatures = createSignatureVerifier(secretList(signingSecrets));
  const cursors = createCursorCodec(secretList(signingSecrets));
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
      queryLimitsPlugin(limits, { signedByGateway: (context) => context.signedByGateway }),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
  });
  await apollo.start();
  const app = createGraphqlApp({
    apollo,
    context: async ({ req }) => ({
      unit,
      viewer: await tokens.viewerOf(req.headers.authorization),
      signedByGateway: isSignedByGateway(signatures, req),
      cursors,
      dataSource,
      loaders: createLoaders(dataSource),
    }),
  });
  return { apollo, app };
}
