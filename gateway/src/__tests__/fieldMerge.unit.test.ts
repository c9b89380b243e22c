import { expect } from "chai";
import type { GraphQLFormattedError } from "graphql";
import { routerNames, type FoundingUnit } from "@smart/platform";
import type { ConnectionShape } from "../shardRouter/connectionShape.js";
import {
  mergeConnection,
  mergeList,
  mergeSum,
  stripRouterKeys,
  type MergedField,
  type UnitAnswer,
} from "../shardRouter/fieldMerge.js";
import { cursorOf, testCursors, type TestMember } from "./helpers/memberData.js";

const error = (message: string, path?: (string | number)[]): GraphQLFormattedError =>
  path ? { message, path } : { message };
const answer = (unit: FoundingUnit, value: unknown, errors: GraphQLFormattedError[] = []): UnitAnswer => ({
  unit,
  value,
  errors,
});

describe("shard router > field merge (fieldMerge.ts)", () => {
  describe("SUM", () => {
    const cases: { name: string; answers: UnitAnswer[]; expected: MergedField }[] = [
      {
        name: "adds up every unit's number",
        answers: [answer("AT", 3), answer("BE", 4), answer("DE", 0)],
        expected: { value: 7, errors: [] },
      },
      {
        name: "gives no total when a unit withheld its number with an error (a suppressed count), and keeps that error",
        answers: [answer("AT", 30), answer("BE", null, [error("COUNT_SUPPRESSED", ["n"])])],
        expected: { value: null, errors: [error("COUNT_SUPPRESSED", ["n"])] },
      },
      {
        name: "adds up the others when a unit gave null without an error",
        answers: [answer("AT", 30), answer("BE", null)],
        expected: { value: 30, errors: [] },
      },
      {
        name: "is null when no unit gave a number",
        answers: [answer("AT", null), answer("BE", undefined)],
        expected: { value: null, errors: [] },
      },
      {
        name: "is null, not 0, when there are no answers",
        answers: [],
        expected: { value: null, errors: [] },
      },
    ];
    for (const { name, answers, expected } of cases) it(name, () => expect(mergeSum(answers)).to.deep.equal(expected));
  });

  describe("LIST", () => {
    const cases: { name: string; answers: UnitAnswer[]; expected: MergedField }[] = [
      {
        name: "concatenates the lists in the order of the answers",
        answers: [answer("AT", [{ id: "AT:c1" }]), answer("BE", [{ id: "BE:c1" }, { id: "BE:c2" }])],
        expected: { value: [{ id: "AT:c1" }, { id: "BE:c1" }, { id: "BE:c2" }], errors: [] },
      },
      {
        name: "moves an item's error to where the item lands in the merged list",
        answers: [
          answer("AT", [{ id: "AT:c1" }, { id: "AT:c2" }]),
          answer("BE", [{ id: "BE:c1" }], [error("no name", ["cities", 0, "name"])]),
        ],
        expected: {
          value: [{ id: "AT:c1" }, { id: "AT:c2" }, { id: "BE:c1" }],
          errors: [error("no name", ["cities", 2, "name"])],
        },
      },
      {
        name: "keeps an error on the field itself as it is",
        answers: [answer("AT", [{ id: "AT:c1" }]), answer("BE", null, [error("BE is unavailable", ["cities"])])],
        expected: { value: [{ id: "AT:c1" }], errors: [error("BE is unavailable", ["cities"])] },
      },
      {
        name: "is null when no unit gave a list",
        answers: [answer("AT", null)],
        expected: { value: null, errors: [] },
      },
      {
        name: "is an empty list when a unit gave an empty one",
        answers: [answer("AT", null), answer("BE", [])],
        expected: { value: [], errors: [] },
      },
    ];
    for (const { name, answers, expected } of cases) it(name, () => expect(mergeList(answers)).to.deep.equal(expected));
  });

  describe("the router's own selections", () => {
    const cases: { name: string; value: unknown; expected: unknown }[] = [
      {
        name: "are removed from a unit's connection, the caller's keys kept",
        value: { e: [], [routerNames.edges]: [], [routerNames.pageInfo]: { hasNextPage: false }, totalCount: 3 },
        expected: { e: [], totalCount: 3 },
      },
      { name: "leave null alone", value: null, expected: null },
      { name: "leave a list alone", value: [1, 2], expected: [1, 2] },
    ];
    for (const { name, value, expected } of cases)
      it(name, () => expect(stripRouterKeys(value)).to.deep.equal(expected));
  });

  describe("CONNECTION", () => {
    const member = (id: string, lastName: string): TestMember => ({
      id,
      firstName: "Ann",
      lastName,
      joinedOn: "2020-01-15",
    });
    const members: Record<string, TestMember> = {
      "AT:m1": member("AT:m1", "Baker"),
      "AT:m2": member("AT:m2", "Dunn"),
      "BE:m1": member("BE:m1", "Adams"),
      "BE:m2": member("BE:m2", "Clark"),
      "BE:m3": member("BE:m3", "Evans"),
    };
    /** The caller asked `e: edges { c: cursor node { id } } pi: pageInfo { more: hasNextPage end: endCursor }`. */
    const shape: ConnectionShape = {
      edges: new Map([["e", ["c"]]]),
      pageInfo: new Map([["pi", { hasNextPage: ["more"], endCursor: ["end"] }]]),
    };
    /** What a unit answers for `ids`, the caller's selection and the router's beside it. */
    const unitPage = (
      unit: FoundingUnit,
      ids: string[],
      hasNextPage: boolean,
      errors: GraphQLFormattedError[] = [],
    ): UnitAnswer => {
      const cursors = ids.map((id) => cursorOf(members[id]!, "NAME_ASC"));
      return answer(
        unit,
        {
          e: ids.map((id, i) => ({ c: cursors[i], node: { id } })),
          pi: { more: hasNextPage, end: cursors.at(-1) ?? null },
          [routerNames.edges]: cursors.map((cursor) => ({ cursor })),
          [routerNames.pageInfo]: { hasNextPage, endCursor: cursors.at(-1) ?? null },
        },
        errors,
      );
    };
    const merge = (answers: UnitAnswer[], first: number) =>
      mergeConnection(["members"], shape, answers, { start: {}, first, cursors: testCursors });
    const ids = (field: MergedField) =>
      ((field.value as { e: { node: { id: string } }[] }).e ?? []).map((edge) => edge.node.id);

    it("merges the units' pages into one order, cut to first, under the caller's aliases", () => {
      const merged = merge(
        [unitPage("AT", ["AT:m1", "AT:m2"], false), unitPage("BE", ["BE:m1", "BE:m2", "BE:m3"], false)],
        4,
      );
      expect(ids(merged)).to.deep.equal(["BE:m1", "AT:m1", "BE:m2", "AT:m2"]);
      expect(merged.value).to.have.all.keys("e", "pi");
      expect((merged.value as { pi: { more: boolean } }).pi.more).to.equal(true);
      expect(merged.unitRows).to.deep.equal(
        new Map([
          ["BE", 2],
          ["AT", 2],
        ]),
      );
      expect(merged.errors).to.deep.equal([]);
    });

    it("writes a Europe-wide cursor on every edge, and the last one as the page's end", () => {
      const merged = merge(
        [unitPage("AT", ["AT:m1", "AT:m2"], false), unitPage("BE", ["BE:m1", "BE:m2", "BE:m3"], false)],
        2,
      );
      const value = merged.value as { e: { c: string }[]; pi: { end: string } };
      expect(testCursors.decodeComposite(value.e[1]!.c)).to.have.all.keys("AT", "BE");
      expect(value.pi.end).to.equal(value.e[1]!.c);
    });

    const errorCases: { name: string; errorPath: (string | number)[]; expectedPath: (string | number)[] | null }[] = [
      {
        name: "moves an edge's error to where the edge landed",
        errorPath: ["members", "e", 1, "node", "email"],
        expectedPath: ["members", "e", 2, "node", "email"],
      },
      {
        name: "drops an error of an edge cut from the page",
        errorPath: ["members", "e", 2, "node", "email"],
        expectedPath: null,
      },
      {
        name: "keeps an error outside the edges as it is",
        errorPath: ["members", "totalCount"],
        expectedPath: ["members", "totalCount"],
      },
    ];
    for (const { name, errorPath, expectedPath } of errorCases) {
      it(name, () => {
        const merged = merge(
          [
            unitPage("AT", ["AT:m1", "AT:m2"], false),
            unitPage("BE", ["BE:m1", "BE:m2", "BE:m3"], false, [error("hidden", errorPath)]),
          ],
          4,
        );
        expect(merged.errors.map((e) => e.path ?? null)).to.deep.equal(expectedPath ? [expectedPath] : []);
      });
    }

    it("leaves out a unit whose cursors do not open, naming it SHARD_UNAVAILABLE (BAD_RESPONSE)", () => {
      const forged = unitPage("AT", ["AT:m1"], false);
      (forged.value as Record<string, unknown>)[routerNames.edges] = [{ cursor: "not-a-cursor" }];
      const merged = merge([forged, unitPage("BE", ["BE:m1", "BE:m2"], false)], 4);
      expect(ids(merged)).to.deep.equal(["BE:m1", "BE:m2"]);
      expect(merged.errors).to.have.length(1);
      expect(merged.errors[0]!.extensions).to.include({
        code: "SHARD_UNAVAILABLE",
        unit: "AT",
        reason: "BAD_RESPONSE",
      });
      expect(merged.errors[0]!.path).to.deep.equal(["members"]);
    });

    it("gives no page but the units to ask again when a unit's share ran out while it has more", () => {
      const merged = merge([unitPage("AT", ["AT:m1"], true), unitPage("BE", ["BE:m1", "BE:m2", "BE:m3"], false)], 4);
      expect(merged).to.deep.equal({ value: null, errors: [], shortUnits: ["AT"] });
    });

    it("is null with the units' errors when no unit gave a page", () => {
      const down = error("BE is unavailable", ["members"]);
      expect(merge([answer("AT", null), answer("BE", null, [down])], 4)).to.deep.equal({ value: null, errors: [down] });
    });
  });
});
