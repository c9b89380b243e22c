import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";

/**
 * What a unit may lack of the gateway's national schema: what is newer than the
 * release the graph relies on (release/previous). The gateway leaves it out of the
 * unit's calls (unitQuery.ts); any other difference the gateway cannot plan around.
 */
const LACKS: ReadonlySet<string> = new Set([
  "FIELD_REMOVED",
  "FIELD_ARGUMENT_REMOVED",
  "INPUT_FIELD_REMOVED",
  "ENUM_VALUE_REMOVED",
  "TYPE_REMOVED",
]);

/**
 * Units of releases before units became data declare `CountryCode` an enum of the
 * nine founding codes; later ones, a scalar. On the wire both are the same two
 * letters, and the gateway routes a code only to the unit it names, so either
 * form is usable whichever the gateway has.
 */
const isCountryCodeForm = (change: Change) => change.path === "CountryCode" || change.path?.startsWith("CountryCode.");

export type UnitSchemaVerdict =
  { usable: true; lacks: readonly string[] } | { usable: false; reasons: readonly string[] };

/**
 * Whether the gateway can plan a unit's part against `unit`, the schema the unit
 * publishes (`_service { sdl }`): it must keep everything of `relied` (the national
 * schema of the previous release: a unit at least that recent), and differ from
 * `current` (this gateway's) only by lacking what is newer, or by adding what the
 * gateway does not ask for. A field whose type, nullability or arguments changed
 * in a way that breaks callers is refused, as is one the previous release had.
 */
export async function checkUnitSchema(
  relied: GraphQLSchema,
  current: GraphQLSchema,
  unit: GraphQLSchema,
): Promise<UnitSchemaVerdict> {
  const breaking = (changes: Change[]) =>
    changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking && !isCountryCodeForm(change));
  const [fromRelied, fromCurrent] = await Promise.all([diff(relied, unit), diff(current, unit)]);
  const reasons = [
    ...breaking(fromRelied).map((change) => `removes or changes what the graph relies on: ${change.message}`),
    ...breaking(fromCurrent)
      .filter((change) => !LACKS.has(String(change.type)))
      .map((change) => `changes what this gateway asks: ${change.message}`),
  ];
  if (reasons.length) return { usable: false, reasons: [...new Set(reasons)] };
  return { usable: true, lacks: breaking(fromCurrent).map((change) => change.path ?? change.message) };
}
