import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLSchemaModule } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DataSource } from "typeorm";
import {
  createLogger,
  createSubgraphServer,
  languageFromAcceptLanguage,
  type AuthSettings,
  type CorsPolicy,
  type Logger,
  type GatewayPublicKey,
  type QueryLimits,
  type SubgraphServer,
  type TokenRules,
} from "@smart/platform";
import { centralTypeDefs } from "@smart/schema";
import type { CentralContext } from "./context.js";
import { createLoaders } from "./loaders.js";
import { resolvers } from "./resolvers/index.js";

export interface CentralServerOptions {
  /** An initialised DataSource whose migrations have run. */
  dataSource: DataSource;
  /** The identity provider and central's audience (which no person's token names: people come through the gateway). */
  auth: AuthSettings;
  /** Token lifetime and clock skew (default: the platform's, 24 h and 60 s). */
  tokenRules?: TokenRules | undefined;
  /** The gateway's public key(s) (default: the development key). */
  gatewayKeys?: readonly GatewayPublicKey[];
  logger?: Logger;
  /** Depth, cost, alias and token limits (default: the platform's). */
  limits?: QueryLimits;
  /** No introspection and no landing page. */
  production?: boolean;
  /** Which web origins may call it (default: what an unset CORS_ORIGINS allows). */
  cors?: CorsPolicy;
}

export type CentralServer = SubgraphServer<CentralContext>;

/** Builds (and starts, without listening) the central subgraph. Reads no environment: the caller owns the DataSource and the port. */
export async function buildCentralServer({
  dataSource,
  logger = createLogger("central"),
  ...server
}: CentralServerOptions): Promise<CentralServer> {
  return createSubgraphServer<CentralContext>({
    ...server,
    signatureTarget: "central",
    dataSource,
    logger,
    // The generated Resolvers type is stricter than @apollo/subgraph's untyped map.
    schema: buildSubgraphSchema({
      typeDefs: centralTypeDefs(),
      resolvers: resolvers as GraphQLSchemaModule["resolvers"],
    }),
    context: ({ req, viewer, signedByGateway }) => ({
      viewer,
      lang: languageFromAcceptLanguage(req.headers["accept-language"]),
      signedByGateway,
      dataSource,
      loaders: createLoaders(dataSource),
    }),
  });
}
