import { ApolloServer } from "@apollo/server";
import { expect } from "chai";
import { GraphQLError } from "graphql";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { compiledExecution } from "../compiledExecution.js";

const typeDefs = /* GraphQL */ `
  type Query {
    items(first: Int!): [Item!]!
    broken: Int
    refused: Int
  }
  type Item {
    id: ID!
    label: String
    children: [Item!]!
  }
  type Mutation {
    touch: Int!
  }
`;

let touched = 0;
const resolvers = {
  Query: {
    items: (_: unknown, { first }: { first: number }) =>
      Array.from({ length: first }, (_, i) => ({ id: `i${i}`, label: i % 2 ? null : `item ${i}` })),
    broken: () => {
      throw new Error("a fault");
    },
    refused: () => {
      throw new GraphQLError("You may not.", { extensions: { code: "FORBIDDEN" } });
    },
  },
  Item: { children: (item: { id: string }) => [{ id: `${item.id}.0`, label: "child" }] },
  Mutation: { touch: () => ++touched },
};

describe("platform > compiledExecution (queries compiled with graphql-jit, errors from graphql-js)", () => {
  let execution: ReturnType<typeof compiledExecution>;
  let apollo: ApolloServer;
  const plain = new ApolloServer({
    schema: makeExecutableSchema({ typeDefs, resolvers }),
    includeStacktraceInErrorResponses: false,
  });

  before(async () => {
    execution = compiledExecution(makeExecutableSchema({ typeDefs, resolvers }));
    apollo = new ApolloServer({ gateway: execution, includeStacktraceInErrorResponses: false });
    await Promise.all([apollo.start(), plain.start()]);
  });
  after(() => Promise.all([apollo.stop(), plain.stop()]));

  const both = async (query: string, variables?: Record<string, unknown>) => {
    const [compiled, reference] = await Promise.all([
      apollo.executeOperation({ query, variables }),
      plain.executeOperation({ query, variables }),
    ]);
    return { compiled, reference };
  };

  it("runs a query on graphql-js the first time, then compiled, with graphql-js's answer, every time it comes again", async () => {
    const query = `query($n: Int!) { items(first: $n) { id label children { id ...L } } } fragment L on Item { label }`;
    const before = { ...execution.runs };
    for (const n of [3, 5, 4]) {
      const { compiled, reference } = await both(query, { n });
      expect(compiled.body).to.deep.equal(reference.body);
    }
    expect(execution.runs.graphqlJs - before.graphqlJs, "the first run").to.equal(1);
    expect(execution.runs.compiled - before.compiled).to.equal(2);
  });

  it("answers a query with errors as graphql-js does (message, path, code; a fault stays a fault)", async () => {
    await apollo.executeOperation({ query: `{ items(first: 1) { id } refused broken }` }); // compiled from the next run on
    const before = { ...execution.runs };
    const { compiled, reference } = await both(`{ items(first: 1) { id } refused broken }`);
    expect(compiled.body).to.deep.equal(reference.body);
    const errors = compiled.body.kind === "single" ? compiled.body.singleResult.errors : undefined;
    expect(errors?.map((e) => e.extensions?.code)).to.have.members(["FORBIDDEN", "INTERNAL_SERVER_ERROR"]);
    expect(execution.runs.graphqlJs - before.graphqlJs, "run again on graphql-js").to.equal(1);
  });

  it("refuses a bad variable as graphql-js does: HTTP 400, BAD_USER_INPUT", async () => {
    await apollo.executeOperation({ query: `query($n: Int!) { items(first: $n) { id } }`, variables: { n: 1 } });
    const { compiled, reference } = await both(`query($n: Int!) { items(first: $n) { id } }`, { n: "many" });
    expect(compiled.http.status).to.equal(400);
    expect(compiled.body).to.deep.equal(reference.body);
  });

  it("runs a mutation once, on graphql-js", async () => {
    const before = { ...execution.runs, touched };
    await apollo.executeOperation({ query: `mutation { touch }` });
    const answer = await apollo.executeOperation({ query: `mutation { touch }` });
    expect(answer.body.kind === "single" && answer.body.singleResult.data).to.deep.equal({ touch: before.touched + 2 });
    expect(execution.runs.graphqlJs - before.graphqlJs).to.equal(2);
    expect(execution.runs.compiled).to.equal(before.compiled);
  });

  it("answers introspection on graphql-js", async () => {
    const before = { ...execution.runs };
    for (let i = 0; i < 2; i++) {
      const { compiled, reference } = await both(`{ __schema { queryType { name } } }`);
      expect(compiled.body).to.deep.equal(reference.body);
    }
    expect(execution.runs.graphqlJs - before.graphqlJs).to.equal(2);
  });

  it("compiles nothing when told not to (a process that traces)", async () => {
    const off = compiledExecution(makeExecutableSchema({ typeDefs, resolvers }), { compile: false });
    const server = new ApolloServer({ gateway: off });
    await server.start();
    try {
      for (let i = 0; i < 3; i++) await server.executeOperation({ query: `{ items(first: 2) { id } }` });
      expect(off.runs).to.deep.equal({ compiled: 0, graphqlJs: 3 });
    } finally {
      await server.stop();
    }
  });
});
