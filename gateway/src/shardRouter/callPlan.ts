import type { CountryCode } from "@smart/platform";
import type { FieldPlan } from "./fieldPlan.js";
import type { PreparedFetch } from "./preparedFetch.js";
import type { Json } from "../json.js";

/**
 * The variables of each unit's call: the caller's (those the sent document still
 * uses), every field switched off, then switched on with its own variables for
 * the units its plan names. Units no plan names are not called.
 */
export function unitCallVariables(
  prepared: PreparedFetch,
  plans: readonly FieldPlan[],
  variables: Json,
): Map<CountryCode, Json> {
  const calls = new Map<CountryCode, Json>();
  const callOf = (unit: CountryCode) => {
    let call = calls.get(unit);
    if (!call) {
      call = {};
      for (const name of prepared.forwardedVariables) if (name in variables) call[name] = variables[name];
      for (const field of prepared.fields) {
        call[field.includeVariable] = false;
        if (field.afterVariable) call[field.afterVariable] = null;
        // Non-null in the sent document: every call must give it, if only empty.
        if (field.representationsVariable) call[field.representationsVariable] = [];
      }
      calls.set(unit, call);
    }
    return call;
  };
  for (const plan of plans) {
    const on = { [plan.field.includeVariable]: true };
    if (plan.kind === "single") Object.assign(callOf(plan.unit), on, plan.variables);
    if (plan.kind === "fanout") for (const unit of plan.units) Object.assign(callOf(unit), on, plan.variables(unit));
    if (plan.kind === "entities") {
      for (const [unit, indexes] of plan.groups.byUnit) {
        Object.assign(callOf(unit), on, {
          [plan.field.representationsVariable!]: indexes.map((i) => plan.representations[i]),
        });
      }
    }
  }
  return calls;
}

/** The units asked for a connection the router merges: they need its cursor additions (PreparedFetch.query, not leanQuery). */
export function unitsMergingConnections(plans: readonly FieldPlan[]): Set<CountryCode> {
  const units = new Set<CountryCode>();
  for (const plan of plans)
    if (plan.kind === "fanout" && plan.field.connection) for (const unit of plan.units) units.add(unit);
  return units;
}
