import type { FieldNode, GraphQLFormattedError } from "graphql";
import type { MergedField, UnitAnswer } from "./fieldMerge.js";
import { subFieldKeys, type FragmentMap } from "./selections.js";
import type { Json } from "../json.js";

/** Where the caller's selection of a GROUPS field puts the counts. */
export interface GroupsShape {
  /** Response keys of the `count` selections (aliases included). */
  countKeys: readonly string[];
}

/** Reads a GROUPS field's selection: which response keys hold `count`. */
export function groupsShapeOf(nodes: readonly FieldNode[], fragments: FragmentMap): GroupsShape {
  return { countKeys: subFieldKeys(nodes, "count", fragments) };
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * GROUPS: the units' groups as one list. Items whose fields other than the
 * counts are equal (what the caller asked for: `country`, `city { name }`…) are
 * one group, their counts summed; groups are ordered by those fields, in the
 * order the caller selected them (nulls last). Null when no unit gave a list.
 */
export function mergeGroups(answers: readonly UnitAnswer[], shape: GroupsShape): MergedField {
  const countKeys = new Set(shape.countKeys);
  const groups = new Map<string, { item: Json; values: unknown[] }>();
  const errors: GraphQLFormattedError[] = [];
  let listed = false;
  /** Where each unit's item landed: its group's key, for its errors. */
  const landed: { unitErrors: readonly GraphQLFormattedError[]; keys: (string | undefined)[] }[] = [];
  for (const answer of answers) {
    const keys: (string | undefined)[] = [];
    landed.push({ unitErrors: answer.errors, keys });
    if (!Array.isArray(answer.value)) continue;
    listed = true;
    for (const item of answer.value) {
      if (!isObject(item)) {
        keys.push(undefined);
        continue;
      }
      const values = Object.entries(item).filter(([key]) => !countKeys.has(key));
      const key = JSON.stringify(values);
      keys.push(key);
      const group = groups.get(key);
      if (!group) {
        groups.set(key, { item: { ...item }, values: values.map(([, value]) => value) });
        continue;
      }
      for (const countKey of countKeys) {
        const a = group.item[countKey];
        const b = item[countKey];
        group.item[countKey] = typeof a === "number" && typeof b === "number" ? a + b : null;
      }
    }
  }
  const ordered = [...groups.entries()].sort(([, a], [, b]) => compareValueLists(a.values, b.values));
  const indexOf = new Map(ordered.map(([key], index) => [key, index]));
  for (const { unitErrors, keys } of landed) {
    for (const error of unitErrors) {
      const at = error.path?.[1];
      if (typeof at !== "number") {
        errors.push(error);
        continue;
      }
      const key = keys[at];
      const index = key === undefined ? undefined : indexOf.get(key);
      errors.push(
        index === undefined
          ? { ...error, path: error.path!.slice(0, 1) }
          : { ...error, path: [error.path![0]!, index, ...error.path!.slice(2)] },
      );
    }
  }
  return { value: listed ? ordered.map(([, group]) => group.item) : null, errors };
}

/** Orders lists of JSON values field by field: nulls last, numbers by value, the rest by their JSON text. */
export function compareValueLists(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareValues(a[i] ?? null, b[i] ?? null);
    if (order) return order;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = typeof a === "string" ? a : JSON.stringify(a);
  const y = typeof b === "string" ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
