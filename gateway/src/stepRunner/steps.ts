import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { FOUNDING_UNITS } from "@smart/platform";

/** Where a step is sent: the national graph (the shard router routes it by its arguments) or the central office. */
export type StepTarget = "national" | "central";

/** A place a step per place reaches: one of the nine units, or central. */
/** A unit's code, or `central`. */
export type Place = string;

/** Every place: the nine units and central. */
export const EVERY_PLACE: readonly Place[] = [...FOUNDING_UNITS, "central"];

/** The places a unit's record names (unit codes and `central`), in EVERY_PLACE's order. */
export const placesIn = (names: readonly string[]): Place[] => EVERY_PLACE.filter((place) => names.includes(place));

/**
 * How far one run of a step reaches, which is its price in calls: one unit (an
 * argument names it), every unit (the router fans it out to all nine), or central.
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

const CALLS_OF_REACH: Record<StepReach, number> = { "one unit": 1, "every unit": FOUNDING_UNITS.length, central: 1 };

/** Calls (to units and central) the steps may make at most: what an operation costs a request. */
export function priceOfSteps(steps: readonly PricedStep[]): number {
  return steps.reduce((sum, step) => {
    if ("times" in step) return sum + step.times * CALLS_OF_REACH[step.step.reach];
    if ("central" in step && "unit" in step)
      return sum + FOUNDING_UNITS.length * CALLS_OF_REACH[step.unit.reach] + CALLS_OF_REACH[step.central.reach];
    return sum + CALLS_OF_REACH[step.reach];
  }, 0);
}
