import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { isCountryCode } from "@smart/platform";

/** Where a step is sent: the national graph (the shard router routes it by its arguments) or the central office. */
export type StepTarget = "national" | "central";

/** A place a step per place reaches: a unit's code, or `central`. */
export type Place = string;

/** Every place of an operation begun now: the units admitted, and central. */
export const everyPlace = (units: readonly string[]): Place[] => placesIn([...units, "central"]);

/** The places a unit's record names (unit codes and `central`): the units by code, then central. */
export const placesIn = (names: readonly string[]): Place[] => [
  ...[...new Set(names.filter((name) => isCountryCode(name)))].sort(),
  ...(names.includes("central") ? ["central"] : []),
];

/**
 * How far one run of a step reaches, which is its price in calls: one unit (an
 * argument names it), every unit (the router fans it out to every unit admitted), or central.
 */
export type StepReach = "one unit" | "every unit" | "central";

/**
 * One step of an operation that spans units: a generated typed document sent to
 * a target. Every step is idempotent (sent again, it answers the same and changes
 * nothing), so an operation resumed from its record may repeat the last one.
 */
export interface Step<TResult = unknown, TVariables = Record<string, unknown>> {
  readonly target: StepTarget;
  readonly document: TypedDocumentNode<TResult, TVariables>;
  readonly reach: StepReach;
}

/** The same work in every place: `unit` in each unit (its variables name the unit), `central` at the central office. */
export interface StepPerPlace<TUnit = unknown, TCentral = unknown> {
  readonly unit: Step<TUnit, never>;
  readonly central: Step<TCentral, never>;
}

/** A step an operation may take up to `times` in one request (a member followed through their moves). */
export interface RepeatedStep {
  readonly step: Step<unknown, never>;
  readonly times: number;
}

/** What an operation declares it may send in one request: the sum is its price. */
export type PricedStep = Step<unknown, never> | StepPerPlace | RepeatedStep;

export const unitStep = <R, V>(document: TypedDocumentNode<R, V>): Step<R, V> => ({
  target: "national",
  document,
  reach: "one unit",
});
export const everyUnitStep = <R, V>(document: TypedDocumentNode<R, V>): Step<R, V> => ({
  target: "national",
  document,
  reach: "every unit",
});
export const centralStep = <R, V>(document: TypedDocumentNode<R, V>): Step<R, V> => ({
  target: "central",
  document,
  reach: "central",
});

/** Calls (to units and central) the steps may make at most, with `units` units admitted: what an operation costs a request. */
export function priceOfSteps(steps: readonly PricedStep[], units: number): number {
  const callsOf = (reach: StepReach) => (reach === "every unit" ? units : 1);
  return steps.reduce((sum, step) => {
    if ("times" in step) return sum + step.times * callsOf(step.step.reach);
    if ("central" in step && "unit" in step)
      return sum + units * callsOf(step.unit.reach) + callsOf(step.central.reach);
    return sum + callsOf(step.reach);
  }, 0);
}
