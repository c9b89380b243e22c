import type { GraphQLFormattedError } from "graphql";
import { badUserInput, MAX_PAGE_SIZE, type CompositeCursor, type CountryCode } from "@smart/platform";
import type { CursorReader } from "./connectionMerge.js";
import type { PageShares } from "./pageShares.js";
import { groupRepresentations, type RepresentationGroups } from "./entities.js";
import { badUserInputAt, formattedError } from "./errors.js";
import type { PreparedFetch, PreparedField } from "./preparedFetch.js";
import { argumentValue, routeField, type AdmittedUnits } from "./routing.js";
import { conditionsPass } from "./selections.js";
import type { Json } from "../json.js";

/** What one root field needs for one request: nothing, a local answer, or which units and how. */
export type FieldPlan =
  | { field: PreparedField; kind: "skip" }
  | { field: PreparedField; kind: "done"; value: unknown; errors: GraphQLFormattedError[] }
  | { field: PreparedField; kind: "single"; unit: CountryCode; variables: Json }
  | {
      field: PreparedField;
      kind: "fanout";
      units: readonly CountryCode[];
      /** The variables each unit's call sets for this field (its own `after`, its `first`). */
      variables: (unit: CountryCode) => Json;
      start: CompositeCursor;
      first: number | null;
      /** CONNECTION: the rows each unit is asked for (but those asked for full pages); fewer than `first` when the page is shared out (see unitShareOf). */
      unitFirst: number | null;
      cursors: CursorReader;
      /** CONNECTION: the list the page belongs to, whose last split among the units sets the shares (PageShares). */
      list?: string;
    }
  | { field: PreparedField; kind: "entities"; groups: RepresentationGroups; representations: readonly unknown[] };

export interface PlanOptions {
  /** The units admitted when the request is planned (the directory's). */
  units: AdmittedUnits;
  /** Units asked for the whole page: their shares ran short. */
  fullUnits?: ReadonlySet<CountryCode>;
  /** How the lists' last pages split among the units (none: every unit gets an even share). */
  pageShares?: PageShares;
}

/**
 * Decides, from the request's variables, where a root field goes. A fanned-out
 * connection asks each unit for its share of the page — what it gave to the
 * list's last page and two more (PageShares), or for a new list an even share
 * (unitShareOf) — but the units in `fullUnits` for the whole page: the merge says
 * which units' shares ran short, and the router asks those again for full pages.
 */
export function planField(
  prepared: PreparedFetch,
  field: PreparedField,
  variables: Readonly<Json>,
  cursors: CursorReader,
  { units, fullUnits, pageShares }: PlanOptions,
): FieldPlan {
  if (!field.conditions.some((conditions) => conditionsPass(conditions, variables))) return { field, kind: "skip" };
  const path = [field.responseKey];
  const fail = (error: GraphQLFormattedError): FieldPlan => ({ field, kind: "done", value: null, errors: [error] });
  switch (field.kind) {
    case "typename":
      return { field, kind: "done", value: prepared.operationType === "mutation" ? "Mutation" : "Query", errors: [] };
    case "unroutable":
      return fail(
        formattedError(`${field.fieldName} has no @shard rule: the router cannot tell which unit answers it.`, path),
      );
    case "entities": {
      const representations = argumentValue(field, ["representations"], variables);
      if (!Array.isArray(representations)) return fail(badUserInputAt("`representations` must be a list.", path));
      return { field, kind: "entities", groups: groupRepresentations(representations, units), representations };
    }
    case "sharded":
      break;
  }
  const rule = field.rule!;
  const route = routeField(field, rule, variables, units);
  if (route.kind === "invalid") return fail(badUserInputAt(route.message, path));
  const { afterVariable, firstVariable } = field;
  const after = afterVariable ? argumentValue(field, ["after"], variables) : undefined;
  const givenFirst = firstVariable ? argumentValue(field, ["first"], variables) : undefined;
  // Absent from the call, `first` takes the schema's default at the unit, as the caller's omission would.
  const firstOf = (value: unknown): Json => (firstVariable && value !== undefined ? { [firstVariable]: value } : {});
  if (route.kind === "unit") {
    return {
      field,
      kind: "single",
      unit: route.unit,
      variables: {
        ...(afterVariable ? { [afterVariable]: unitAfter(after, route.unit, cursors) } : {}),
        ...firstOf(givenFirst),
      },
    };
  }
  let start: CompositeCursor = {};
  if (typeof after === "string") {
    try {
      const positions = cursors.decodeComposite(after);
      // Every position must open for its unit, or no unit is called.
      for (const [unit, position] of Object.entries(positions) as [CountryCode, string][]) {
        if (!cursors.peek(unit, position))
          throw badUserInput(
            `"after" is not a Europe-wide cursor of this list; use an endCursor or edge cursor it returned.`,
          );
      }
      // A unit retired since is left out (its position with it); one admitted since has none: it joins from its start.
      start = Object.fromEntries(Object.entries(positions).filter(([unit]) => route.units.includes(unit)));
    } catch (error) {
      return fail(formattedError(error, path));
    }
  }
  const first =
    givenFirst === undefined ? (rule.defaultFirst ?? null) : typeof givenFirst === "number" ? givenFirst : null;
  const unitFirst = firstVariable ? unitShareOf(first, route.units.length) : first;
  const fullVariables = firstOf(givenFirst);
  const list =
    firstVariable && pageShares && unitFirst !== first ? pageShares.listOf(prepared, field, variables) : undefined;
  const learned = list !== undefined && first !== null ? pageShares!.sharesOf(list, first) : undefined;
  const shareVariables = (unit: CountryCode): Json => {
    const share = learned ? learned(unit) : unitFirst;
    return firstOf(share !== first ? share : givenFirst);
  };
  return {
    field,
    kind: "fanout",
    units: route.units,
    variables: (unit) => ({
      ...(afterVariable ? { [afterVariable]: start[unit] ?? null } : {}),
      ...(fullUnits?.has(unit) ? fullVariables : shareVariables(unit)),
    }),
    start,
    cursors,
    first,
    unitFirst,
    ...(list !== undefined ? { list } : {}),
  };
}

/**
 * How many rows each of `units` is asked for, for a Europe-wide page of `first`:
 * twice an even share and two more. Nine units' pages of 50 would be 450 rows
 * to resolve, seal and merge for 50 shown; shares of 14 are 126, and suffice
 * unless one unit holds more than its share of the page (names sort by
 * language: a page of "A…" may be all Swedish) — then the merge names it and the
 * router asks that unit alone again, for a full page. A `first` the units would
 * refuse is passed on as it is, for them to say so.
 */
export function unitShareOf(first: number | null, units: number): number | null {
  if (first === null || !Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE || units <= 1) return first;
  return Math.min(first, Math.ceil((2 * first) / units) + 2);
}

/** The `after` a single unit gets: its own position when handed a Europe-wide cursor. */
function unitAfter(after: unknown, unit: CountryCode, cursors: CursorReader): unknown {
  if (typeof after !== "string") return after ?? null;
  try {
    return cursors.decodeComposite(after)[unit] ?? null;
  } catch {
    return after; // a unit cursor, or garbage the unit will reject
  }
}
