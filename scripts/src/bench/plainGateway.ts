/**
 * A plain @apollo/gateway over the project's supergraph, its `national` subgraph
 * pointed at ONE unit (NATIONAL_URL): the bench's yardstick for what the shard
 * router costs on a one-unit query. `node scripts/dist/bench/plainGateway.js`
 * with PORT, NATIONAL_URL, CENTRAL_URL; not part of the product.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { supergraphSdl } from "@smart/schema";

const urls: Record<string, string | undefined> = { national: process.env.NATIONAL_URL, central: process.env.CENTRAL_URL, references: process.env.CENTRAL_URL };
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
  listen: { port: Number(process.env.PORT), host: "127.0.0.1" },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`plain gateway at ${url}`);
