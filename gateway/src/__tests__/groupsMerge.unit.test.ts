import { expect } from "chai";
import { parse } from "graphql";
import { mergeGroups } from "../shardRouter/groupsMerge.js";
import { prepareFetch } from "../shardRouter/preparedFetch.js";
import { readShardRules } from "../shardRouter/shardRules.js";
import { readSupergraph } from "../supergraph.js";

describe("shard router > GROUPS merge", () => {
  it("reads @shard(merge: GROUPS) and where the caller's counts are, aliases and fragments included", () => {
    const rules = readShardRules(readSupergraph());
    expect(rules.query.get("memberStats")).to.deep.equal({ by: ["country"], merge: "GROUPS" });
    const prepared = prepareFetch(
      parse(`{ memberStats(groupBy: [CITY]) { n: count ...F } } fragment F on MemberGroup { count city { id } }`),
      undefined,
      rules,
    );
    expect(prepared.fields[0]!.groups).to.deep.equal({ countKeys: ["n", "count"] });
  });

  it("sums the counts of equal groups and orders by the selected values, nulls last", () => {
    const merged = mergeGroups(
      [
        {
          unit: "BE",
          value: [
            { country: "BE", category: "A", n: 7 },
            { country: "BE", category: null, n: 1 },
          ],
          errors: [],
        },
        {
          unit: "FR",
          value: [
            { country: "BE", category: "A", n: 2 },
            { country: "AT", category: "B", n: 5 },
          ],
          errors: [],
        },
        { unit: "DE", value: null, errors: [] },
      ],
      { countKeys: ["n"] },
    );
    expect(merged.value).to.deep.equal([
      { country: "AT", category: "B", n: 5 },
      { country: "BE", category: "A", n: 9 },
      { country: "BE", category: null, n: 1 },
    ]);
  });

  it("compares numbers as numbers and objects by their fields, and moves an item's errors with its group", () => {
    const merged = mergeGroups(
      [
        {
          unit: "BE",
          value: [
            { year: 10, city: { name: "b" }, count: 1 },
            { year: 9, city: { name: "a" }, count: 2 },
          ],
          errors: [{ message: "x", path: ["s", 1, "city"] }],
        },
        {
          unit: "FR",
          value: [{ year: 9, city: { name: "a" }, count: 3 }],
          errors: [{ message: "no index", path: ["s"] }],
        },
      ],
      { countKeys: ["count"] },
    );
    expect(merged.value).to.deep.equal([
      { year: 9, city: { name: "a" }, count: 5 },
      { year: 10, city: { name: "b" }, count: 1 },
    ]);
    expect(merged.errors).to.deep.equal([
      { message: "x", path: ["s", 0, "city"] },
      { message: "no index", path: ["s"] },
    ]);
  });

  it("is null when no unit gave a list, and empty when they gave empty ones", () => {
    expect(mergeGroups([{ unit: "BE", value: null, errors: [] }], { countKeys: ["count"] }).value).to.equal(null);
    expect(mergeGroups([{ unit: "BE", value: [], errors: [] }], { countKeys: ["count"] }).value).to.deep.equal([]);
  });
});
