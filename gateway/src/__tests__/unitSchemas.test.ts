import { buildSubgraphSchema } from "@apollo/subgraph";
import { expect } from "chai";
import { parse } from "graphql";
import { nationalSdl, releasedNationalSdl } from "@smart/schema";
import { checkUnitSchema } from "../shardRouter/unitSchemaCheck.js";
import { adaptQuery, lackedFieldErrors, refusalOf } from "../shardRouter/unitQuery.js";

const schemaOf = (sdl: string) => buildSubgraphSchema({ typeDefs: parse(sdl) });
/** The national SDL with `from` replaced by `to` (once, and it must be there). */
const edited = (sdl: string, from: string, to: string) => {
  expect(sdl, `the SDL holds ${from}`).to.include(from);
  return sdl.replace(from, to);
};

/** The national SDL without the field or input field declared on `line`, and its one-line description. */
const without = (line: string) => {
  const sdl = nationalSdl();
  expect(sdl, `the SDL holds ${line}`).to.include(`\n${line}\n`);
  return sdl.replace(new RegExp(`\\n(  "[^\\n]*"\\n)?${line}\\n`), "\n");
};

const current = schemaOf(nationalSdl());
const relied = schemaOf(releasedNationalSdl());
/** What a unit of this release serves but for `initials` (the previous release's unit serves exactly that). */
const INITIALS = "  initials: String\n";
const withoutInitials = schemaOf(without("  initials: String"));

describe("Each unit's own schema", () => {
  describe("the check of a unit's published schema", () => {
    it("takes a unit that lacks only what is newer than the previous release, saying what it lacks", async () => {
      const verdict = await checkUnitSchema(relied, current, withoutInitials);
      expect(verdict.usable).to.equal(true);
      expect(verdict.usable && verdict.lacks.join("\n")).to.include("Member.initials");
    });

    it("takes the gateway's own schema as lacking nothing", async () => {
      expect(await checkUnitSchema(relied, current, current)).to.deep.equal({ usable: true, lacks: [] });
    });

    it("refuses a unit that removes a field the previous release served", async () => {
      const verdict = await checkUnitSchema(
        relied,
        current,
        schemaOf(edited(nationalSdl(), "  displayName: String!\n", "  displayName2: String!\n")),
      );
      expect(verdict.usable).to.equal(false);
      expect(!verdict.usable && verdict.reasons.join("\n")).to.match(/relies on.*displayName/);
    });

    it("refuses a unit that changes a field's type, even a field newer than the previous release", async () => {
      const verdict = await checkUnitSchema(
        relied,
        current,
        schemaOf(edited(nationalSdl(), INITIALS, "  initials: Int\n")),
      );
      expect(verdict.usable).to.equal(false);
      expect(!verdict.usable && verdict.reasons.join("\n")).to.match(/changes what this gateway asks.*initials/);
    });
  });

  describe("a fetch written for a unit that lacks a field", () => {
    it("leaves the field out of the unit's call and names it once, under its root field", () => {
      const adapted = adaptQuery(
        current,
        withoutInitials,
        `query Page($on: Boolean!) { members(first: 5) @include(if: $on) { edges { node { id initials displayName } } } }`,
      );
      expect(adapted.query).not.to.include("initials");
      expect(adapted.query).to.include("displayName");
      expect(adapted.invalid).to.deep.equal([]);
      const [error, ...others] = lackedFieldErrors("FR", adapted);
      expect(others).to.deep.equal([]);
      expect(error!.extensions).to.include({ code: "UNIT_LACKS_FIELD", unit: "FR", field: "Member.initials" });
      expect(error!.path).to.deep.equal(["members"]);
      expect(error!.message).to.include("FR").and.to.include("Member.initials");
    });

    it("asks __typename where the field was all a selection asked", () => {
      const adapted = adaptQuery(
        current,
        withoutInitials,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { initials } } }`,
      );
      expect(adapted.query).to.match(/\.\.\. on Member \{\s*__typename\s*\}/);
      expect(adapted.invalid).to.deep.equal([]);
    });

    it("sends the same text when the unit lacks nothing the fetch asks", () => {
      const text = `{ members(first: 5) { edges { node { id displayName } } } }`;
      expect(adaptQuery(current, withoutInitials, text).query).to.equal(text);
    });
  });

  describe("a unit of a release before units became data (CountryCode an enum of the nine)", () => {
    it("is usable: the code is the same two letters on the wire", async () => {
      const verdict = await checkUnitSchema(relied, current, relied);
      expect(verdict.usable, JSON.stringify(verdict)).to.equal(true);
    });

    it("is sent a code as the enum literal it takes, not the string the planner writes for the scalar", () => {
      const adapted = adaptQuery(
        current,
        relied,
        `{ memberCount(country: "FR") workspaces(country: "FR", first: 1) { edges { cursor } } }`,
      );
      expect(adapted.invalid).to.deep.equal([]);
      expect(adapted.query).to.include("memberCount(country: FR)").and.not.to.include('"FR"');
    });
  });

  describe("a filter a unit lacks", () => {
    const withoutActiveIn = schemaOf(without("  activeIn: CountryCode"));
    const text = `query ($filter: MemberFilter) { members(first: 5, filter: $filter) { edges { node { id } } } }`;

    it("is refused before any call, naming the unit, when the request uses it", () => {
      const refusal = refusalOf("FR", withoutActiveIn, adaptQuery(current, withoutActiveIn, text), {
        filter: { activeIn: "BE" },
      });
      expect(refusal?.extensions).to.include({ code: "UNIT_LACKS_INPUT", unit: "FR" });
      expect(refusal?.message).to.include("activeIn");
    });

    it("is no refusal when the request does not use it", () => {
      expect(
        refusalOf("FR", withoutActiveIn, adaptQuery(current, withoutActiveIn, text), { filter: { category: "A" } }),
      ).to.equal(undefined);
    });

    it("is refused when written as a literal", () => {
      const literal = `{ members(first: 5, filter: { activeIn: BE }) { edges { node { id } } } }`;
      const refusal = refusalOf("FR", withoutActiveIn, adaptQuery(current, withoutActiveIn, literal), {});
      expect(refusal?.extensions?.code).to.equal("UNIT_LACKS_INPUT");
    });

    it("is left out when an argument the unit does not take is given no value", () => {
      const withoutFilterArgument = schemaOf(edited(nationalSdl(), "memberCount(filter: MemberFilter)", "memberCount"));
      const countText = `query ($filter: MemberFilter) { _entities(representations: []) { ... on Country { memberCount(filter: $filter) } } }`;
      const adapted = adaptQuery(current, withoutFilterArgument, countText);
      expect(adapted.query).not.to.include("filter");
      expect(refusalOf("FR", withoutFilterArgument, adapted, {})).to.equal(undefined);
      expect(refusalOf("FR", withoutFilterArgument, adapted, { filter: { category: "A" } })?.extensions?.code).to.equal(
        "UNIT_LACKS_INPUT",
      );
    });
  });
});
