import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLSchemaModule } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DataSource } from "typeorm";
import { createGraphqlApp, createLogger, maskUnexpectedErrors, type Logger } from "@smart/platform";
import type { CentralContext } from "./context.js";
import { createLoaders } from "./loaders.js";
import { resolvers } from "./resolvers/index.js";
import { loadTypeDefs } from "./schema.js";

export interface CentralServerOptions {
  /** An initialised DataSource whose migrations have run. */
  dataSource: DataSource;
  logger?: Logger;
}

/**
 * The central subgraph as an express app serving /graphql, /health and /ready.
 * Starts Apollo (the express integration needs it started) but neither listens
 * nor connects: the caller owns the DataSource and the port.
 */
export async function buildCentralServer({ dataSource, logger = createLogger("central") }: CentralServerOptions) {
  const apollo = new ApolloServer<CentralContext>({
    schema: buildSubgraphSchema({
      typeDefs: await loadTypeDefs(),
      // The generated Resolvers type is stricter than @apollo/subgraph's untyped map.
      resolvers: resolvers as GraphQLSchemaModule["resolvers"],
    }),
    formatError: maskUnexpectedErrors(logger),
    includeStacktraceInErrorResponses: false,
    // The process owner (index.ts) closes HTTP, Apollo and the database in order on SIGTERM.
    stopOnTerminationSignals: false,
    logger,
  });
  await apollo.start();
  const app = createGraphqlApp({
    apollo,
    context: async () => ({ dataSource, loaders: createLoaders(dataSource) }),
    routes: (express) => {
      express.get("/ready", async (_req, res) => {
        try {
          await dataSource.query("SELECT 1");
          res.json({ status: "ready" });
        } catch {
          res.status(503).json({ status: "database unavailable" });
        }
      });
    },
  });
  return { apollo, app };
}

export type CentralServer = Awaited<ReturnType<typeof buildCentralServer>>;
