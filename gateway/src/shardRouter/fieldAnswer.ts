import type { GraphQLFormattedError } from "graphql";
import type { CountryCode } from "@smart/platform";
import { badUserInputAt, collapseCallerErrors, shardUnavailable } from "./errors.js";
import {
  mergeConnection,
  mergeList,
  mergeSum,
  stripRouterKeys,
  type MergedField,
  type UnitAnswer,
} from "./fieldMerge.js";
import type { FieldPlan } from "./fieldPlan.js";
import type { PreparedField } from "./preparedFetch.js";
import { mergeGroups } from "./groupsMerge.js";
import type { SubgraphOutcome } from "../upstream.js";
import { isAllowanceError } from "../unitCallAllowance.js";

type Answered = SubgraphOutcome & { answered: true };

/**
 * The router's last stage: the fetch's data, field by field, from the units'
 * outcomes, and its errors — a unit's errors outside any of these fields once,
 * each failed unit named.
 */
export function answerFields(
  fields: readonly PreparedField[],
  plans: readonly FieldPlan[],
  outcomes: ReadonlyMap<CountryCode, SubgraphOutcome>,
): {
  data: Record<string, unknown>;
  errors: GraphQLFormattedError[];
  short: Map<string, CountryCode[]>;
  /** Each merged connection's edges by unit, by response key. */
  unitRows: Map<string, ReadonlyMap<CountryCode, number>>;
} {
  const data: Record<string, unknown> = {};
  const errors: GraphQLFormattedError[] = [];
  const short = new Map<string, CountryCode[]>();
  const unitRows = new Map<string, ReadonlyMap<CountryCode, number>>();
  const fieldKeys = new Set(fields.map((f) => f.responseKey));
  for (const outcome of outcomes.values()) {
    if (outcome.answered)
      errors.push(...outcome.errors.filter((e) => typeof e.path?.[0] !== "string" || !fieldKeys.has(e.path[0])));
  }
  for (const plan of plans) {
    if (plan.kind === "skip") continue;
    const answer = answerField(plan, outcomes);
    if (answer.shortUnits) short.set(plan.field.responseKey, answer.shortUnits);
    if (answer.unitRows) unitRows.set(plan.field.responseKey, answer.unitRows);
    data[plan.field.responseKey] = answer.value;
    errors.push(...answer.errors);
  }
  return { data, errors: collapseCallerErrors(errors, outcomes.size), short, unitRows };
}

/** The error of a call the request's allowance did not cover (unitCaller.ts): the call was not made, its fields are null. */
const allowanceRefusal = (outcome: SubgraphOutcome | undefined) =>
  outcome?.answered && outcome.data === null ? outcome.errors.find(isAllowanceError) : undefined;

/** A root field's value and errors, from its plan and the units' outcomes. */
export function answerField(
  plan: Exclude<FieldPlan, { kind: "skip" }>,
  outcomes: ReadonlyMap<CountryCode, SubgraphOutcome>,
): MergedField {
  const key = plan.field.responseKey;
  const errorsUnder = (outcome: Answered) => outcome.errors.filter((e) => e.path?.[0] === key);
  switch (plan.kind) {
    case "done":
      return { value: plan.value, errors: plan.errors };
    case "single": {
      const outcome = outcomes.get(plan.unit)!;
      const refused = allowanceRefusal(outcome);
      if (refused) return { value: null, errors: [{ ...refused, path: [key] }] };
      if (!outcome.answered) return { value: null, errors: [shardUnavailable(plan.unit, outcome.reason, [key])] };
      const value = outcome.data?.[key] ?? null;
      return { value: plan.field.connection ? stripRouterKeys(value) : value, errors: errorsUnder(outcome) };
    }
    case "fanout": {
      // A merge without one unit's part would be a wrong total or a short list: the field is null (the request's one error says why).
      const refused = plan.units.map((unit) => allowanceRefusal(outcomes.get(unit))).find(Boolean);
      if (refused) return { value: null, errors: [{ ...refused, path: [key] }] };
      const answers: UnitAnswer[] = [];
      const unavailable: GraphQLFormattedError[] = [];
      for (const unit of plan.units) {
        const outcome = outcomes.get(unit)!;
        if (outcome.answered) answers.push({ unit, value: outcome.data?.[key] ?? null, errors: errorsUnder(outcome) });
        else unavailable.push(shardUnavailable(unit, outcome.reason, [key]));
      }
      const merge = plan.field.rule!.merge;
      const merged =
        merge === "CONNECTION"
          ? mergeConnection([key], plan.field.connection!, answers, {
              start: plan.start,
              first: plan.first,
              cursors: plan.cursors,
            })
          : merge === "SUM"
            ? mergeSum(answers)
            : merge === "GROUPS"
              ? mergeGroups(answers, plan.field.groups!)
              : mergeList(answers);
      return {
        value: merged.value,
        errors: [...unavailable, ...merged.errors],
        ...(merged.shortUnits ? { shortUnits: merged.shortUnits } : {}),
        ...(merged.unitRows ? { unitRows: merged.unitRows } : {}),
      };
    }
    case "entities":
      return answerEntities(plan, outcomes);
  }
}

/**
 * `_entities`: each unit's answers put back at their representations' places, so
 * the gateway can merge by index; a unit that failed leaves nulls and one error.
 */
function answerEntities(
  plan: FieldPlan & { kind: "entities" },
  outcomes: ReadonlyMap<CountryCode, SubgraphOutcome>,
): MergedField {
  const key = plan.field.responseKey;
  const value: unknown[] = plan.representations.map(() => null);
  const errors = plan.groups.unroutable.map((i) =>
    badUserInputAt(`Entity ${JSON.stringify(plan.representations[i])} names none of the units by its key.`, [key, i]),
  );
  for (const [unit, indexes] of plan.groups.byUnit) {
    const outcome = outcomes.get(unit)!;
    if (!outcome.answered) {
      errors.push(shardUnavailable(unit, outcome.reason, [key, indexes[0]!]));
      continue;
    }
    const entities: unknown = outcome.data?.[key];
    if (outcome.data && (!Array.isArray(entities) || entities.length !== indexes.length)) {
      errors.push(shardUnavailable(unit, "BAD_RESPONSE", [key, indexes[0]!]));
      continue;
    }
    if (Array.isArray(entities)) (entities as unknown[]).forEach((entity, j) => (value[indexes[j]!] = entity));
    for (const error of outcome.errors) {
      if (error.path?.[0] !== key) continue;
      const j = error.path[1];
      const original = typeof j === "number" ? indexes[j] : undefined;
      errors.push(original === undefined ? error : { ...error, path: [key, original, ...error.path.slice(2)] });
    }
  }
  return { value, errors };
}
