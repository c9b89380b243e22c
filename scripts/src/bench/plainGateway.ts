/**
 * A plain @apollo/gateway over the project's supergraph, its `national` subgraph
 * pointed at ONE unit (NATIONAL_URL): the bench's yardstick for what the shard
 * router costs on a one-unit query. `node scripts/dist/bench/plainGateway.js`
 * with PORT, NATIONAL_URL, CENTRAL_URL; not part of the product.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { z } from "zod";
import { port, readConfig } from "@smart/platform";
import { supergraphSdl } from "@smart/schema";

/** Where it listens, and the two subgraphs it calls. */
function readPlainGatewayConfig(env: NodeJS.ProcessEnv) {
  const config = readConfig({ PORT: port(0), NATIONAL_URL: z.string().url(), CENTRAL_URL: z.string().url() }, env);
  return { port: config.PORT, nationalUrl: config.NATIONAL_URL, centralUrl: config.CENTRAL_URL };
}

const config = readPlainGatewayConfig(process.env);
const urls: Record<string, string> = {
  national: config.nationalUrl,
  central: config.centralUrl,
  references: config.centralUrl,
};
const gateway = new ApolloGateway({
  supergraphSdl: supergraphSdl(),
  buildService: ({ name }) =>
    new RemoteGraphQLDataSource({
      url: urls[name]!,
      willSendRequest({ request, context }) {
        const authorization = (context as { authorization?: string }).authorization;
        if (authorization) request.http?.headers.set("authorization", authorization);
      },
    }),
});
// As plain as it comes; CSRF prevention off so that the bench can probe it with a GET.
const server = new ApolloServer({ gateway, csrfPrevention: false });
const { url } = await startStandaloneServer(server, {
  listen: { port: config.port, host: "127.0.0.1" },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`plain gateway at ${url}`);
