import { expect } from "chai";
import { parse } from "graphql";
import { FOUNDING_UNITS } from "@smart/platform";
import { groupRepresentations } from "../shardRouter/entities.js";
import { prepareFetch } from "../shardRouter/preparedFetch.js";
import { routeField } from "../shardRouter/routing.js";
import { readShardRules } from "../shardRouter/shardRules.js";
import { readSupergraph } from "../supergraph.js";

const rules = readShardRules(readSupergraph());

function route(query: string, variables: Record<string, unknown> = {}, units: readonly string[] = FOUNDING_UNITS) {
  const prepared = prepareFetch(parse(query), undefined, rules);
  const field = prepared.fields[0]!;
  return routeField(field, field.rule!, { ...prepared.variableDefaults, ...variables }, units);
}

describe("routing by @shard", () => {
  it("sends a field to the unit its country code names, literal or variable", () => {
    expect(route(`{ cities(country: FR) { id } }`)).to.deep.equal({ kind: "unit", unit: "FR" });
    expect(route(`query($c: CountryCode) { cities(country: $c) { id } }`, { c: "HU" })).to.deep.equal({
      kind: "unit",
      unit: "HU",
    });
    expect(route(`query($c: CountryCode = SE) { cities(country: $c) { id } }`)).to.deep.equal({
      kind: "unit",
      unit: "SE",
    });
  });

  it("sends a field to the unit a prefixed ID names", () => {
    expect(route(`{ member(id: "BE:m12") { id } }`)).to.deep.equal({ kind: "unit", unit: "BE" });
  });

  it("follows an input field path, literal or variable", () => {
    const mutation = `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`;
    expect(route(mutation, { input: { country: "ES", firstName: "Ana" } })).to.deep.equal({ kind: "unit", unit: "ES" });
    const literal = `mutation($c: CountryCode!) { registerMember(input: { country: $c, firstName: "a", lastName: "b", email: "e", cityId: "IT:rome" }) { id } }`;
    expect(route(literal, { c: "IT" })).to.deep.equal({ kind: "unit", unit: "IT" });
  });

  it("fans out to every unit when the argument is absent", () => {
    expect(route(`{ memberCount }`)).to.deep.equal({ kind: "fanout", units: FOUNDING_UNITS });
    expect(route(`query($c: CountryCode) { memberCount(country: $c) }`, { c: null })).to.deep.equal({
      kind: "fanout",
      units: FOUNDING_UNITS,
    });
  });

  it("rejects an ID whose prefix is none of the units", () => {
    const result = route(`{ member(id: "XX:1") { id } }`);
    expect(result.kind).to.equal("invalid");
    expect(result).to.have.property("message").that.contains("XX:1");
    expect(route(`{ member(id: "no-prefix") { id } }`).kind).to.equal("invalid");
  });

  it("routes among the units admitted now: a unit admitted is routed to, one retired or never admitted is refused naming those there are", () => {
    const withPortugal = [...FOUNDING_UNITS, "PT"];
    expect(route(`{ member(id: "PT:m1") { id } }`, {}, withPortugal)).to.deep.equal({ kind: "unit", unit: "PT" });
    expect(route(`{ cities(country: PT) { id } }`, {}, withPortugal)).to.deep.equal({ kind: "unit", unit: "PT" });
    expect(route(`{ memberCount }`, {}, withPortugal)).to.deep.equal({ kind: "fanout", units: withPortugal });

    const withoutSweden = FOUNDING_UNITS.filter((unit) => unit !== "SE");
    for (const query of [`{ member(id: "SE:m1") { id } }`, `{ cities(country: SE) { id } }`]) {
      const refused = route(query, {}, withoutSweden);
      expect(refused.kind, query).to.equal("invalid");
      expect(refused)
        .to.have.property("message")
        .that.contains(`(${withoutSweden.join(", ")})`);
    }
    expect(route(`{ member(id: "PT:m1") { id } }`).kind, "PT before it is admitted").to.equal("invalid");
    expect(route(`{ memberCount }`, {}, withoutSweden)).to.deep.equal({ kind: "fanout", units: withoutSweden });
  });

  it("requires the argument of a field that never fans out", () => {
    expect(
      route(`mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`, { input: {} }),
    ).to.deep.include({ kind: "invalid" });
  });
});

describe("entity grouping", () => {
  it("groups representations by the unit of their key, keeping their order", () => {
    const groups = groupRepresentations(
      [
        { __typename: "Member", id: "FR:m1" },
        { __typename: "Country", code: "BE" },
        { __typename: "City", id: "FR:paris" },
        { __typename: "Member", id: "XX:m1" },
        { __typename: "Member", id: "BE:m3" },
      ],
      FOUNDING_UNITS,
    );
    expect([...groups.byUnit]).to.deep.equal([
      ["FR", [0, 2]],
      ["BE", [1, 4]],
    ]);
    expect(groups.unroutable).to.deep.equal([3]);
  });

  it("groups only by the units admitted: an entity of a unit retired is unroutable", () => {
    const groups = groupRepresentations(
      [
        { __typename: "Member", id: "PT:m1" },
        { __typename: "Member", id: "SE:m2" },
      ],
      ["BE", "PT"],
    );
    expect([...groups.byUnit]).to.deep.equal([["PT", [0]]]);
    expect(groups.unroutable).to.deep.equal([1]);
  });
});
