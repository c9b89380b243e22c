import type { GraphQLFormattedError } from "graphql";
import { badUserInput, decodeCompositeCursor, type CompositeCursor, type CountryCode } from "@smart/platform";
import type { CursorReader } from "./connectionMerge.js";
import { groupRepresentations, type RepresentationGroups } from "./entities.js";
import { badUserInputAt, formattedError } from "./errors.js";
import type { PreparedFetch, PreparedField } from "./preparedFetch.js";
import { argumentValue, routeField } from "./routing.js";
import { conditionsPass } from "./selections.js";

type Json = Record<string, unknown>;

/** What one root field needs for one request: nothing, a local answer, or which units and how. */
export type FieldPlan =
  | { field: PreparedField; kind: "skip" }
  | { field: PreparedField; kind: "done"; value: unknown; errors: GraphQLFormattedError[] }
  | { field: PreparedField; kind: "single"; unit: CountryCode; variables: Json }
  | {
      field: PreparedField;
      kind: "fanout";
      units: readonly CountryCode[];
      /** The variables each unit's call sets for this field (its own `after`). */
      variables: (unit: CountryCode) => Json;
      start: CompositeCursor;
      first: number | null;
      cursors: CursorReader;
    }
  | { field: PreparedField; kind: "entities"; groups: RepresentationGroups; representations: readonly unknown[] };

/** Decides, from the request's variables, where a root field goes. */
export function planField(prepared: PreparedFetch, field: PreparedField, variables: Readonly<Json>, cursors: CursorReader): FieldPlan {
  if (!field.conditions.some((conditions) => conditionsPass(conditions, variables))) return { field, kind: "skip" };
  const path = [field.responseKey];
  const fail = (error: GraphQLFormattedError): FieldPlan => ({ field, kind: "done", value: null, errors: [error] });
  switch (field.kind) {
    case "typename":
      return { field, kind: "done", value: prepared.operationType === "mutation" ? "Mutation" : "Query", errors: [] };
    case "unroutable":
      return fail(formattedError(`${field.fieldName} has no @shard rule: the router cannot tell which unit answers it.`, path));
    case "entities": {
      const representations = argumentValue(field, ["representations"], variables);
      if (!Array.isArray(representations)) return fail(badUserInputAt("`representations` must be a list.", path));
      return { field, kind: "entities", groups: groupRepresentations(representations), representations };
    }
    case "sharded":
      break;
  }
  const rule = field.rule!;
  const route = routeField(field, rule, variables);
  if (route.kind === "invalid") return fail(badUserInputAt(route.message, path));
  const afterVariable = field.afterVariable;
  const after = afterVariable ? argumentValue(field, ["after"], variables) : undefined;
  if (route.kind === "unit") {
    return { field, kind: "single", unit: route.unit, variables: afterVariable ? { [afterVariable]: unitAfter(after, route.unit) } : {} };
  }
  let start: CompositeCursor = {};
  if (typeof after === "string") {
    try {
      start = decodeCompositeCursor(after);
      // Every position must open for its unit, or no unit is called.
      for (const [unit, position] of Object.entries(start) as [CountryCode, string][]) {
        if (!cursors.peek(unit, position)) throw badUserInput(`"after" is not a Europe-wide cursor of this list; use an endCursor or edge cursor it returned.`);
      }
    } catch (error) {
      return fail(formattedError(error, path));
    }
  }
  const first = argumentValue(field, ["first"], variables);
  return {
    field,
    kind: "fanout",
    units: route.units,
    variables: (unit) => (afterVariable ? { [afterVariable]: start[unit] ?? null } : {}),
    start,
    cursors,
    first: first === undefined ? (rule.defaultFirst ?? null) : typeof first === "number" ? first : null,
  };
}

/** The `after` a single unit gets: its own position when handed a Europe-wide cursor. */
function unitAfter(after: unknown, unit: CountryCode): unknown {
  if (typeof after !== "string") return after ?? null;
  try {
    return decodeCompositeCursor(after)[unit] ?? null;
  } catch {
    return after; // a unit cursor, or garbage the unit will reject
  }
}
