import type { GraphQLFormattedError } from "graphql";
import type { SubgraphOutcome } from "../upstream.js";
import type { PreparedFetch } from "./preparedFetch.js";
import type { Json } from "../json.js";

/** The body a unit takes (platform's graphqlHandler: beyond, 413). */
export const UNIT_BODY_LIMIT_BYTES = 100_000;
/** What a call's body holds besides its representations and query text: the other variables, JSON's escapes. */
const BODY_HEADROOM_BYTES = 5_000;
/** Representations per unit call: a big batch is several calls in parallel rather than one long one. */
export const REPRESENTATIONS_PER_CALL = 2_500;
/** Below this many representations a call is not measured: it fits (a representation is a few dozen bytes). */
const SURELY_FITS = 200;

/** One call of a unit's share of a fetch: its variables, and where its slice of each `_entities` list starts. */
export interface EntityBatch {
  variables: Json;
  /** Response key of each `_entities` field in this call → the index of its first representation in the unit's list. */
  offsets: ReadonlyMap<string, number>;
}

/**
 * A unit's call cut into calls that each fit the unit's body limit: the
 * representations of each `_entities` field in slices of at most
 * REPRESENTATIONS_PER_CALL and what the body limit leaves of UNIT_BODY_LIMIT_BYTES; the fetch's other
 * fields go with the first call only. One call (the variables as they are) when it fits.
 */
export function entityBatches(prepared: PreparedFetch, variables: Json): EntityBatch[] {
  const lists = prepared.fields.flatMap((field) => {
    const list = field.representationsVariable ? variables[field.representationsVariable] : undefined;
    return Array.isArray(list) && list.length ? [{ field, list: list as unknown[] }] : [];
  });
  const count = lists.reduce((sum, { list }) => sum + list.length, 0);
  if (count <= SURELY_FITS) return [{ variables, offsets: new Map(lists.map(({ field }) => [field.responseKey, 0])) }];
  // The representations' share of each call's body: the rest is the query text (at most the units' 2,000 tokens) and the headroom.
  const room = UNIT_BODY_LIMIT_BYTES - prepared.query.length - BODY_HEADROOM_BYTES;
  const slices: { key: string; variable: string; start: number; items: unknown[] }[] = [];
  for (const { field, list } of lists) {
    let start = 0;
    let bytes = 0;
    for (let i = 0; i < list.length; i++) {
      const size = JSON.stringify(list[i]).length + 1;
      if (i > start && (i - start >= REPRESENTATIONS_PER_CALL || bytes + size > room)) {
        slices.push({
          key: field.responseKey,
          variable: field.representationsVariable!,
          start,
          items: list.slice(start, i),
        });
        start = i;
        bytes = 0;
      }
      bytes += size;
    }
    slices.push({ key: field.responseKey, variable: field.representationsVariable!, start, items: list.slice(start) });
  }
  if (slices.length === lists.length && lists.length <= 1)
    return [{ variables, offsets: new Map(lists.map(({ field }) => [field.responseKey, 0])) }];
  // Every call but the first: only its slice switched on.
  const off: Json = {};
  for (const field of prepared.fields) {
    off[field.includeVariable] = false;
    if (field.representationsVariable) off[field.representationsVariable] = [];
  }
  return slices.map((slice, i) => {
    const own = prepared.fields.find((field) => field.responseKey === slice.key)!;
    const base = i === 0 ? { ...variables } : { ...variables, ...off, [own.includeVariable]: true };
    if (i === 0) for (const other of lists) if (other.field !== own) base[other.field.representationsVariable!] = [];
    if (i === 0) for (const other of lists) if (other.field !== own) base[other.field.includeVariable] = false;
    return { variables: { ...base, [slice.variable]: slice.items }, offsets: new Map([[slice.key, slice.start]]) };
  });
}

/**
 * The calls of one unit's batches as one outcome, as if it had been one call:
 * each `_entities` list joined in order, errors' indexes moved to the whole list.
 * No answer from any of them is no answer from the unit.
 */
export function joinBatchOutcomes(
  batches: readonly EntityBatch[],
  outcomes: readonly SubgraphOutcome[],
): SubgraphOutcome {
  if (outcomes.length === 1) return outcomes[0]!;
  // A call without an answer, or refused whole (by the request's allowance, or the unit): the unit's part fails as one.
  const failed = outcomes.find((outcome) => !outcome.answered || outcome.data === null);
  if (failed) return failed;
  const data: Json = {};
  const errors: GraphQLFormattedError[] = [];
  let anyData = false;
  outcomes.forEach((outcome, i) => {
    if (!outcome.answered) return;
    const { offsets } = batches[i]!;
    for (const [key, value] of Object.entries(outcome.data ?? {})) {
      anyData = true;
      const offset = offsets.get(key);
      if (offset === undefined) data[key] = value;
      else if (Array.isArray(value)) {
        const list = (data[key] ??= []) as unknown[];
        (value as unknown[]).forEach((entity, j) => (list[offset + j] = entity));
      }
    }
    for (const error of outcome.errors) {
      const [key, index, ...rest] = error.path ?? [];
      const offset = typeof key === "string" ? offsets.get(key) : undefined;
      errors.push(
        offset !== undefined && typeof index === "number" ? { ...error, path: [key!, offset + index, ...rest] } : error,
      );
    }
  });
  return { answered: true, data: anyData ? data : null, errors };
}
