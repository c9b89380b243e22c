import { valueFromASTUntyped } from "graphql";
import { countryOfId, isCountryCode, type CountryCode } from "@smart/platform";
import type { PreparedField } from "./preparedFetch.js";
import type { ShardRule } from "./shardRules.js";

/** Where a sharded root field goes for one request. */
export type FieldRoute =
  | { kind: "unit"; unit: CountryCode }
  | { kind: "fanout"; units: readonly CountryCode[] }
  | { kind: "invalid"; message: string };

type Variables = Readonly<Record<string, unknown>>;

/** The value of an argument (or input field path), literal or from a variable; undefined when absent. */
export function argumentValue(
  field: Pick<PreparedField, "arguments">,
  path: readonly string[],
  variables: Variables,
): unknown {
  const [head, ...rest] = path;
  const node = head === undefined ? undefined : field.arguments.get(head);
  let value: unknown = node ? valueFromASTUntyped(node, variables) : undefined;
  for (const part of rest) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The units a request is routed among: those admitted when it is planned, sorted by code. */
export type AdmittedUnits = readonly CountryCode[];

/** A country code, or the unit a prefixed ID belongs to; null when it names none of the admitted units. */
export function unitOfValue(value: unknown, units: AdmittedUnits): CountryCode | null {
  const unit = isCountryCode(value) ? value : typeof value === "string" ? countryOfId(value) : null;
  return unit !== null && units.includes(unit) ? unit : null;
}

const describe = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * Routes a field by its `@shard(by:)` argument: that unit alone, or every unit
 * admitted. A code or ID of no admitted unit is refused before any unit is called.
 */
export function routeField(
  field: Pick<PreparedField, "arguments" | "fieldName">,
  rule: ShardRule,
  variables: Variables,
  units: AdmittedUnits,
): FieldRoute {
  const by = rule.by.join(".");
  const value = argumentValue(field, rule.by, variables);
  if (value === undefined || value === null) {
    if (rule.merge === "NONE")
      return { kind: "invalid", message: `\`${by}\` is required: ${field.fieldName} is answered by one unit.` };
    return { kind: "fanout", units };
  }
  const values = Array.isArray(value) ? value : [value];
  const named = new Set<CountryCode>();
  for (const each of values) {
    const unit = unitOfValue(each, units);
    if (!unit) {
      return {
        kind: "invalid",
        message: `\`${by}\` is ${describe(each)}, which names none of the units (${units.join(", ")}).`,
      };
    }
    named.add(unit);
  }
  if (!Array.isArray(value)) return { kind: "unit", unit: [...named][0]! };
  if (rule.merge === "NONE")
    return { kind: "invalid", message: `\`${by}\` must name one unit: ${field.fieldName} is answered by one unit.` };
  return { kind: "fanout", units: units.filter((code) => named.has(code)) };
}
