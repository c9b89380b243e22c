import { createRequire } from "node:module";
import { expect } from "chai";
import { buildSchema as buildFederationSchema, operationFromDocument } from "@apollo/federation-internals";
import { buildSchema, GraphQLError, parse } from "graphql";
import { compileResponseShaper, UnshapeableOperation } from "../execution/responseShaper.js";

// @apollo/gateway's own shaping (not exported from its root): what compileResponseShaper must answer exactly alike.
const { computeResponse } = createRequire(import.meta.url)("@apollo/gateway/dist/resultShaping.js") as {
  computeResponse(
    this: void,
    args: {
      operation: unknown;
      variables: Record<string, unknown> | undefined;
      input: Record<string, unknown> | null;
      introspectionHandling: () => unknown;
    },
  ): { data: unknown; errors: GraphQLError[] };
};

const SDL = `
  type Query { members(first: Int): MemberPage! member(id: ID!): Member node(id: ID!): Node search: [Result!] count: Int! ratio: Float flag: Boolean }
  interface Node { id: ID! }
  type MemberPage { edges: [Edge!]! total: Int }
  type Edge { cursor: String! node: Member! }
  type Member implements Node { id: ID! name: String! city: City status: Status nicknames: [String] }
  type City implements Node { id: ID! name: String }
  union Result = Member | City
  enum Status { ACTIVE LEFT }
`;

const graphqlSchema = buildSchema(SDL);
const federationSchema = buildFederationSchema(SDL);

/** Both shapings of one input: ours, and @apollo/gateway's, as plain JSON. */
function both(query: string, input: Record<string, unknown> | null, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const ours = compileResponseShaper(graphqlSchema, document, null).shape(input, variables);
  const theirs = computeResponse({
    operation: operationFromDocument(federationSchema, document, { validate: false }),
    variables,
    input,
    introspectionHandling: () => {
      throw new Error("no introspection here");
    },
  });
  const plain = (result: { data: unknown; errors: GraphQLError[] }) =>
    JSON.parse(
      JSON.stringify({ data: result.data, errors: result.errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })) }),
    ) as unknown;
  return { ours: plain(ours), theirs: plain(theirs) };
}

const member = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: "Member",
  id,
  name: `Name ${id}`,
  city: { id: "c1", name: "Gent" },
  status: "ACTIVE",
  ...extra,
});

const cases: [string, string, Record<string, unknown> | null, Record<string, unknown>?][] = [
  [
    "keeps the operation's order and aliases, drops what it did not ask (the router's leftovers)",
    `{ members(first: 2) { total edges { c: cursor node { name id } } } }`,
    {
      members: {
        __sr_edges: [{ cursor: "x" }],
        edges: [
          { c: "a", node: member("m1") },
          { c: "b", node: member("m2") },
        ],
        total: 2,
      },
    },
  ],
  [
    "fills __typename, aliased or not, from the object or its type",
    `{ t: __typename member(id: "1") { __typename k: __typename id } }`,
    { member: member("1") },
  ],
  [
    "bubbles a null of a non-null field up to the nearest nullable one, with its error",
    `{ member(id: "1") { id name city { name } } }`,
    { member: member("1", { name: null }) },
  ],
  [
    "nulls the whole answer when a non-null root field is null",
    `{ members { edges { cursor } } count }`,
    { members: { edges: [{ cursor: "a" }] }, count: null },
  ],
  [
    "nulls a non-null list item, hence its list",
    `{ members { edges { cursor node { id } } } }`,
    {
      members: {
        edges: [
          { cursor: "a", node: null },
          { cursor: "b", node: member("2") },
        ],
      },
    },
  ],
  ["keeps nulls in a nullable list", `{ member(id: "1") { nicknames } }`, { member: member("1", { nicknames: ["a", null, "c"] }) }],
  [
    "refuses an enum value the schema lacks, and a leaf of the wrong kind",
    `{ member(id: "1") { status } count ratio flag }`,
    { member: member("1", { status: "GONE" }), count: "7", ratio: 1.5, flag: 1 },
  ],
  ["takes integers as Int and ID, and numbers as Float", `{ member(id: "1") { id } count ratio }`, { member: member("1", { id: 17 }), count: 3, ratio: 2 }],
  [
    "applies @skip and @include, with variables, literals and defaults",
    `query($a: Boolean!, $b: Boolean = false) { member(id: "1") { id @include(if: $a) name @skip(if: $b) city @skip(if: true) { name } } count @include(if: $b) }`,
    { member: member("1"), count: 4 },
    { a: true },
  ],
  [
    "spreads fragments by the object's __typename over an interface and a union",
    `{ node(id: "1") { id ... on Member { name } ... on City { name } } search { __typename ... on Member { id status } ...C } } fragment C on City { id name }`,
    { node: member("1"), search: [member("2"), { __typename: "City", id: "c2", name: "Liège" }] },
  ],
  ["merges a field asked twice, each time with other subfields", `{ member(id: "1") { city { id } city { name } id } }`, { member: member("1") }],
  ["answers a missing field as null, and an empty input as nulls up the tree", `{ member(id: "1") { id city { name } } ratio }`, {}],
  ["calls an unknown __typename an error", `{ node(id: "1") { id } }`, { node: { __typename: "Ghost", id: "1" } }],
];

describe("gateway > the compiled response shaper, against @apollo/gateway's computeResponse", () => {
  for (const [title, query, input, variables] of cases) {
    it(title, () => {
      const { ours, theirs } = both(query, input, variables);
      expect(ours).to.deep.equal(theirs);
    });
  }

  it("answers no input as it is (a fetch that gave no data)", () => {
    const { ours, theirs } = both(`{ count }`, null);
    expect(ours).to.deep.equal(theirs);
  });

  it("leaves introspection and @defer to @apollo/gateway", () => {
    for (const query of [`{ __schema { types { name } } }`, `{ __type(name: "Member") { name } }`, `{ member(id: "1") { id ... @defer { name } } }`]) {
      expect(() => compileResponseShaper(graphqlSchema, parse(query), null), query).to.throw(UnshapeableOperation);
    }
  });
});
