import type { GraphQLFormattedError } from "graphql";
import type { CompositeCursor, CountryCode } from "@smart/platform";
import {
  mergeConnectionPages,
  UnreadableCursorError,
  type CursorReader,
  type MergedPage,
  type UnitPage,
} from "./connectionMerge.js";
import { shardUnavailable, type ResponsePath } from "./errors.js";
import { routerNames } from "@smart/platform";
import type { ConnectionShape } from "./connectionShape.js";
import type { Json } from "../json.js";

/** What one unit that answered gave for one root field. */
export interface UnitAnswer {
  unit: CountryCode;
  value: unknown;
  /** The unit's errors under this field (paths start with the field's response key). */
  errors: readonly GraphQLFormattedError[];
}

export interface MergedField {
  value: unknown;
  errors: GraphQLFormattedError[];
  /** A connection whose units' shares ran short (MergedPage.complete): these units are to be asked for full pages. */
  shortUnits?: CountryCode[];
  /** A merged connection: the edges each unit gave to the page. */
  unitRows?: ReadonlyMap<CountryCode, number>;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Replaces the list index at `at` in an error's path, or drops the error (null) when the item is not returned. */
function remapIndex(
  error: GraphQLFormattedError,
  at: number,
  map: (index: number) => number | undefined,
): GraphQLFormattedError | null {
  const path = error.path;
  if (!path || typeof path[at] !== "number") return error;
  const index = map(path[at]);
  if (index === undefined) return null;
  return { ...error, path: [...path.slice(0, at), index, ...path.slice(at + 1)] };
}

/** SUM: the units' numbers added; null when no unit gave one, or one answered with none (an error). */
export function mergeSum(answers: readonly UnitAnswer[]): MergedField {
  const numbers = answers.map((a) => a.value).filter((v): v is number => typeof v === "number");
  // A unit that answered without a number (its count suppressed, COUNT_SUPPRESSED) leaves no total: the others' sum is not the answer.
  const withheld = answers.some((a) => a.value == null && a.errors.length);
  return {
    value: numbers.length && !withheld ? numbers.reduce((sum, n) => sum + n, 0) : null,
    errors: answers.flatMap((a) => a.errors),
  };
}

/** LIST: the units' lists concatenated in the order of `answers` (country order); null when none gave one. */
export function mergeList(answers: readonly UnitAnswer[]): MergedField {
  const value: unknown[] = [];
  const errors: GraphQLFormattedError[] = [];
  let listed = false;
  for (const answer of answers) {
    const offset = value.length;
    if (Array.isArray(answer.value)) {
      listed = true;
      value.push(...(answer.value as unknown[]));
    }
    for (const error of answer.errors) errors.push(remapIndex(error, 1, (i) => i + offset)!);
  }
  return { value: listed ? value : null, errors };
}

/** Removes the router's own selections from a unit's connection. */
export function stripRouterKeys(value: unknown): unknown {
  if (!isObject(value)) return value;
  const { [routerNames.edges]: _edges, [routerNames.pageInfo]: _pageInfo, ...rest } = value;
  return rest;
}

function unitPageOf(answer: UnitAnswer): UnitPage | null {
  const value = answer.value;
  if (!isObject(value)) return null;
  const edges = value[routerNames.edges];
  const pageInfo = value[routerNames.pageInfo];
  if (!Array.isArray(edges) || !isObject(pageInfo)) throw new UnreadableCursorError(answer.unit);
  const cursors = edges.map((edge) => (isObject(edge) ? edge.cursor : undefined));
  if (!cursors.every((c): c is string => typeof c === "string")) throw new UnreadableCursorError(answer.unit);
  return { unit: answer.unit, cursors, hasNextPage: pageInfo.hasNextPage === true };
}

/**
 * CONNECTION: the units' pages merged into one European page (see
 * mergeConnectionPages), written back under the caller's own aliases. A unit
 * whose page cannot be read counts as unavailable.
 */
export function mergeConnection(
  path: ResponsePath,
  shape: ConnectionShape,
  answers: readonly UnitAnswer[],
  options: { start: CompositeCursor; first: number | null; cursors: CursorReader },
): MergedField {
  const errors: GraphQLFormattedError[] = [];
  let usable = [...answers];
  let pages: UnitPage[] = [];
  let merged: MergedPage | undefined;
  const edgeCursors = [...shape.edges.values()].some((keys) => keys.length > 0);
  while (!merged) {
    try {
      pages = usable.flatMap((answer) => unitPageOf(answer) ?? []);
      merged = mergeConnectionPages(pages, { ...options, edgeCursors });
    } catch (error) {
      if (!(error instanceof UnreadableCursorError)) throw error;
      errors.push(shardUnavailable(error.unit, "BAD_RESPONSE", path));
      usable = usable.filter((answer) => answer.unit !== error.unit);
    }
  }
  if (!merged.complete) return { value: null, errors: [], shortUnits: merged.shortUnits };
  const template = usable.map((a) => a.value).find(isObject);
  if (!template) {
    return { value: null, errors: [...errors, ...usable.flatMap((a) => a.errors)] };
  }
  const valueOf = new Map(usable.map((a) => [a.unit, a.value as Json]));
  const value: Json = {};
  for (const [key, field] of Object.entries(template)) {
    if (key === routerNames.edges || key === routerNames.pageInfo) continue;
    const edgeCursorKeys = shape.edges.get(key);
    const pageInfo = shape.pageInfo.get(key);
    if (edgeCursorKeys) {
      value[key] = merged.edges.map((edge) => {
        const item = { ...((valueOf.get(edge.unit)![key] as Json[])[edge.index] as Json) };
        for (const cursorKey of edgeCursorKeys) item[cursorKey] = edge.cursor;
        return item;
      });
    } else if (pageInfo && isObject(field)) {
      const page: Json = { ...field };
      for (const k of pageInfo.hasNextPage) page[k] = merged.hasNextPage;
      for (const k of pageInfo.endCursor) page[k] = merged.endCursor;
      value[key] = page;
    } else {
      value[key] = field;
    }
  }
  // Where each unit's edge landed in the European page: its errors follow it, or go with it.
  const landed = new Map<CountryCode, Map<number, number>>();
  merged.edges.forEach((edge, i) => {
    const map = landed.get(edge.unit) ?? new Map<number, number>();
    map.set(edge.index, i);
    landed.set(edge.unit, map);
  });
  const unitRows = new Map([...landed].map(([unit, edges]) => [unit, edges.size]));
  for (const answer of usable) {
    for (const error of answer.errors) {
      const isEdgeError =
        typeof error.path?.[1] === "string" && (shape.edges.has(error.path[1]) || error.path[1] === routerNames.edges);
      const remapped = isEdgeError ? remapIndex(error, 2, (i) => landed.get(answer.unit)?.get(i)) : error;
      if (remapped) errors.push(remapped);
    }
  }
  return { value, errors, unitRows };
}
