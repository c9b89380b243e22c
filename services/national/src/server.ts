import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DataSource } from "typeorm";
import {
  createLogger,
  createSubgraphServer,
  enforceAccessDirective,
  unitCursorCodec,
  unitCursorKeys,
  type AuthSettings,
  type CorsPolicy,
  type CountryCode,
  type CursorKeys,
  type GatewayPublicKey,
  type QueryLimits,
  type SubgraphServer,
  type TokenRules,
} from "@smart/platform";
import { nationalTypeDefs } from "@smart/schema";
import type { NationalContext } from "./context.js";
import { createLoaders } from "./loaders.js";
import { resolvers } from "./resolvers/index.js";
import { nationalAccessPolicy } from "./access/accessPolicy.js";
import { PersonalReads, personalReadsPlugin, recordPersonalReads, requestIdOf } from "./memberRights/personalReads.js";

export interface NationalServerOptions {
  unit: CountryCode;
  /** An initialised DataSource over the unit's database. */
  dataSource: DataSource;
  /** The identity provider and the unit's audience: only tokens naming this unit are accepted directly. */
  auth: AuthSettings;
  /** Token lifetime and clock skew (default: the platform's, 24 h and 60 s). */
  tokenRules?: TokenRules | undefined;
  /** The gateway's public key(s): which requests the router sent (default: the development key). */
  gatewayKeys?: readonly GatewayPublicKey[];
  /** This unit's cursor key(s), the first sealing (default: its key from the development master). */
  cursorKeys?: CursorKeys;
  /** Depth, cost, alias and token limits (default: the platform's). */
  limits?: QueryLimits;
  production?: boolean;
  /** Which web origins may call it (default: what an unset CORS_ORIGINS allows). */
  cors?: CorsPolicy;
}

export type NationalServer = SubgraphServer<NationalContext>;

/** Builds (and starts, without listening) one unit's subgraph server. Reads no environment. */
export async function buildNationalServer({
  unit,
  dataSource,
  cursorKeys = unitCursorKeys(unit, {}, () => {}),
  ...server
}: NationalServerOptions): Promise<NationalServer> {
  const logger = createLogger("national", { unit });
  const cursors = unitCursorCodec(unit, cursorKeys);
  return createSubgraphServer<NationalContext>({
    ...server,
    signatureTarget: unit,
    dataSource,
    logger,
    // The access rule first, then the log: only reads the rule allowed are recorded.
    schema: recordPersonalReads<NationalContext>(
      enforceAccessDirective(
        buildSubgraphSchema({ typeDefs: nationalTypeDefs(), resolvers: resolvers as GraphQLResolverMap<unknown> }),
        nationalAccessPolicy,
      ),
    ),
    plugins: [personalReadsPlugin<NationalContext>(logger)],
    context: ({ req, viewer, signedByGateway }) => ({
      unit,
      viewer,
      signedByGateway,
      cursors,
      dataSource,
      loaders: createLoaders(dataSource),
      // The access log keeps the gateway's request ID (signed with the call); a direct caller's own is not theirs to choose.
      personalReads: new PersonalReads(viewer, requestIdOf(signedByGateway ? req.headers["x-request-id"] : undefined)),
    }),
  });
}
