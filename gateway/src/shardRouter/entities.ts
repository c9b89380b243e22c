import type { CountryCode } from "@smart/platform";
import { unitOfValue, type AdmittedUnits } from "./routing.js";

/**
 * The unit an entity representation belongs to: the prefix of its `id`, or its
 * `code` (Country). Null when neither names an admitted unit.
 */
export function unitOfRepresentation(representation: unknown, units: AdmittedUnits): CountryCode | null {
  if (!representation || typeof representation !== "object") return null;
  const { id, code } = representation as { id?: unknown; code?: unknown };
  if (id !== undefined) return unitOfValue(id, units);
  return unitOfValue(code, units);
}

export interface RepresentationGroups {
  /** Each unit's representations, as indexes into the fetch's list (in their order). */
  byUnit: Map<CountryCode, number[]>;
  /** Indexes of representations that name no unit. */
  unroutable: number[];
}

export function groupRepresentations(representations: readonly unknown[], units: AdmittedUnits): RepresentationGroups {
  const byUnit = new Map<CountryCode, number[]>();
  const unroutable: number[] = [];
  representations.forEach((representation, index) => {
    const unit = unitOfRepresentation(representation, units);
    if (!unit) unroutable.push(index);
    else if (byUnit.has(unit)) byUnit.get(unit)!.push(index);
    else byUnit.set(unit, [index]);
  });
  return { byUnit, unroutable };
}
