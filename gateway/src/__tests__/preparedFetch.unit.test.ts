import { expect } from "chai";
import { parse, print } from "graphql";
import { prepareFetch } from "../shardRouter/preparedFetch.js";
import { readShardRules } from "../shardRouter/shardRules.js";
import { readSupergraph } from "../supergraph.js";

const rules = readShardRules(readSupergraph());
const prepare = (query: string, operationName?: string) => prepareFetch(parse(query), operationName, rules);
const normalized = (query: string) => print(parse(query));

describe("shard rules", () => {
  it("reads @shard from the supergraph, with the default page size of connections", () => {
    expect(rules.query.get("members")).to.deep.equal({ by: ["country"], merge: "CONNECTION", defaultFirst: 20 });
    expect(rules.query.get("member")).to.deep.equal({ by: ["id"], merge: "NONE" });
    expect(rules.query.get("memberCount")).to.deep.equal({ by: ["country"], merge: "SUM" });
    expect(rules.query.get("cities")).to.deep.equal({ by: ["country"], merge: "LIST" });
    expect(rules.mutation.get("registerMember")).to.deep.equal({ by: ["input", "country"], merge: "NONE" });
    expect(rules.query.has("countries")).to.equal(false);
  });

  it("refuses a rule whose `by` is no argument of its field", () => {
    const sdl = `directive @shard(by: String!, merge: String) on FIELD_DEFINITION
      type Query { members(first: Int, after: String): Int @shard(by: "country") }`;
    expect(() => readShardRules(sdl)).to.throw(/not an argument/);
  });
});

describe("prepared fetch", () => {
  it("gates each root field by a per-unit variable and carries each unit's own `after` and `first`", () => {
    const prepared = prepare(`query Q__national__0($a: String, $f: Int) {
      m: members(first: $f, after: $a) { e: edges { c: cursor node { id } } p: pageInfo { more: hasNextPage } }
      memberCount
      cities { name }
    }`);
    expect(prepared.operationType).to.equal("query");
    expect(prepared.operationName).to.equal("Q__national__0");
    expect(prepared.fields.map((f) => [f.responseKey, f.fieldName, f.kind])).to.deep.equal([
      ["m", "members", "sharded"],
      ["memberCount", "memberCount", "sharded"],
      ["cities", "cities", "sharded"],
    ]);
    expect(prepared.query).to.equal(
      normalized(`query Q__national__0($__sr_after_0: String, $__sr_first_0: Int, $__sr_include_0: Boolean!, $__sr_include_1: Boolean!, $__sr_include_2: Boolean!) {
        m: members(after: $__sr_after_0, first: $__sr_first_0) @include(if: $__sr_include_0) {
          e: edges { c: cursor node { id } }
          p: pageInfo { more: hasNextPage }
          __sr_edges: edges { cursor }
          __sr_pageInfo: pageInfo { hasNextPage endCursor }
        }
        memberCount @include(if: $__sr_include_1)
        cities @include(if: $__sr_include_2) { name }
      }`),
    );
    // For a call where no connection is merged: the same, less the router's additions.
    expect(prepared.leanQuery).to.equal(
      prepared.query.replace(
        /\s*__sr_edges: edges \{\s*cursor\s*\}\s*__sr_pageInfo: pageInfo \{\s*hasNextPage\s*endCursor\s*\}/,
        "",
      ),
    );
    expect(prepared.leanQuery).not.to.contain("__sr_edges");
    const connection = prepared.fields[0]!.connection!;
    expect([...connection.edges]).to.deep.equal([["e", ["c"]]]);
    expect([...connection.pageInfo]).to.deep.equal([["p", { hasNextPage: ["more"], endCursor: [] }]]);
    expect(print(prepared.fields[0]!.arguments.get("after")!)).to.equal("$a");
    // `first` too is set per unit (its share of a Europe-wide page): the caller's $f is read by the router, not resent.
    expect(print(prepared.fields[0]!.arguments.get("first")!)).to.equal("$f");
    expect(prepared.forwardedVariables).to.deep.equal([]);
  });

  it("finds cursors and root fields through fragments, and keeps only the fragments still used", () => {
    const prepared = prepare(`query {
      ... on Query { members { ...Page } }
      ... @include(if: false) { cities { name } }
    }
    fragment Page on MemberConnection { edges { ... on MemberEdge { cursor } } pageInfo { ...Info } }
    fragment Info on PageInfo { endCursor }
    fragment Unused on City { id }`);
    expect(prepared.fields.map((f) => f.responseKey)).to.deep.equal(["members", "cities"]);
    expect(prepared.fields[1]!.conditions).to.have.length(1);
    expect([...prepared.fields[0]!.connection!.edges]).to.deep.equal([["edges", ["cursor"]]]);
    expect(prepared.fields[0]!.connection!.pageInfo.get("pageInfo")).to.deep.equal({
      hasNextPage: [],
      endCursor: ["endCursor"],
    });
    expect(prepared.query).to.contain("fragment Page").and.contain("fragment Info").and.not.contain("Unused");
    expect(prepared.query).not.to.contain("@include(if: false)");
  });

  it("sends each unit its own representations for _entities, and answers __typename itself", () => {
    const prepared = prepare(
      `query($representations: [_Any!]!) { __typename _entities(representations: $representations) { ... on Member { id } } }`,
    );
    expect(prepared.fields.map((f) => f.kind)).to.deep.equal(["typename", "entities"]);
    expect(prepared.query).to.equal(
      normalized(`query($__sr_representations_1: [_Any!]!, $__sr_include_1: Boolean!) {
        _entities(representations: $__sr_representations_1) @include(if: $__sr_include_1) { ... on Member { id } }
      }`),
    );
  });

  it("remembers variable defaults, which the gateway does not forward", () => {
    const prepared = prepare(
      `query($c: CountryCode = BE, $n: Int = 5) { cities(country: $c) { id } members(first: $n) { edges { cursor } } }`,
    );
    expect(prepared.variableDefaults).to.deep.equal({ c: "BE", n: 5 });
  });

  it("reads mutations against the mutation rules", () => {
    const prepared = prepare(
      `mutation { a: updateMember(id: "BE:1", input: {}) { id } b: updateMember(id: "FR:1", input: {}) { id } }`,
    );
    expect(prepared.operationType).to.equal("mutation");
    expect(prepared.fields.map((f) => [f.responseKey, f.rule?.by])).to.deep.equal([
      ["a", ["id"]],
      ["b", ["id"]],
    ]);
  });

  it("marks a root field without @shard as unroutable", () => {
    expect(prepare(`{ _service { sdl } }`).fields[0]!.kind).to.equal("unroutable");
  });
});
