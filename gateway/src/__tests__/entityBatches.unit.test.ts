import { expect } from "chai";
import { parse } from "graphql";
import { entityBatches, joinBatchOutcomes, UNIT_BODY_LIMIT_BYTES } from "../shardRouter/entityBatches.js";
import { prepareFetch } from "../shardRouter/preparedFetch.js";
import { readShardRules } from "../shardRouter/shardRules.js";
import { readSupergraph } from "../supergraph.js";
import type { SubgraphOutcome } from "../upstream.js";

const rules = readShardRules(readSupergraph());
const prepared = prepareFetch(
  parse(
    `query Q__national__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { displayName } } }`,
  ),
  undefined,
  rules,
);
const field = prepared.fields[0]!;
const members = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => ({ __typename: "Member", id: `BE:m${from + i}` }));
const callOf = (representations: unknown[]) => ({
  [field.includeVariable]: true,
  [field.representationsVariable!]: representations,
});

describe("shard router > a unit's entities in calls that fit its body limit (issue 22, finding 7)", () => {
  it("sends a small batch as one call, as it is", () => {
    const variables = callOf(members(150));
    expect(entityBatches(prepared, variables)).to.deep.equal([
      { variables, offsets: new Map([[field.responseKey, 0]]) },
    ]);
  });

  it("cuts the README's Smart In Progress batch (4,164 BE participants) into calls whose bodies the unit takes", () => {
    const representations = members(4164);
    const batches = entityBatches(prepared, callOf(representations));
    expect(batches.length).to.be.greaterThan(1);
    for (const batch of batches) {
      const body = JSON.stringify({ query: prepared.query, variables: batch.variables });
      expect(body.length).to.be.lessThan(UNIT_BODY_LIMIT_BYTES);
      expect(batch.variables[field.includeVariable]).to.equal(true);
    }
    // Every representation exactly once, in order, each call knowing where its slice starts.
    const sent = batches.flatMap((batch) => batch.variables[field.representationsVariable!] as unknown[]);
    expect(sent).to.deep.equal(representations);
    expect(batches.map((b) => b.offsets.get(field.responseKey))).to.deep.equal(
      batches.map((_, i) =>
        batches
          .slice(0, i)
          .reduce((sum, b) => sum + (b.variables[field.representationsVariable!] as unknown[]).length, 0),
      ),
    );
  });

  it("joins the calls' answers as one: entities at their places, errors' indexes moved to the whole list", () => {
    const representations = members(4164);
    const batches = entityBatches(prepared, callOf(representations));
    const outcomes: SubgraphOutcome[] = batches.map((batch) => {
      const slice = batch.variables[field.representationsVariable!] as { id: string }[];
      return {
        answered: true,
        data: { [field.responseKey]: slice.map((r) => ({ displayName: r.id })) },
        errors: [{ message: "one refused", path: [field.responseKey, 0, "displayName"] }],
      };
    });
    const joined = joinBatchOutcomes(batches, outcomes);
    expect(joined.answered).to.equal(true);
    if (!joined.answered) return;
    expect((joined.data![field.responseKey] as { displayName: string }[]).map((e) => e.displayName)).to.deep.equal(
      representations.map((r) => r.id),
    );
    expect(joined.errors.map((e) => e.path![1])).to.deep.equal(batches.map((b) => b.offsets.get(field.responseKey)));
  });

  it("answers for the unit as one failure when any call gets no answer", () => {
    const batches = entityBatches(prepared, callOf(members(4164)));
    const outcomes: SubgraphOutcome[] = batches.map((_, i) =>
      i === 1
        ? { answered: false, reason: "TIMEOUT", detail: "late" }
        : { answered: true, data: { [field.responseKey]: [] }, errors: [] },
    );
    expect(joinBatchOutcomes(batches, outcomes)).to.deep.equal({ answered: false, reason: "TIMEOUT", detail: "late" });
  });
});
