import type { CountryCode, Translations } from "@smart/platform";
import type { BudgetArea } from "../references/entities.js";
import { activeInUnitLabel, INDICATOR_LABELS, inCurrentCycleLabel, voteTurnoutInUnitLabel } from "./labels.js";

/** An indicator as the resolvers hand it on: `label` and `value` are resolved per field, `value` from the request's figures. */
export interface IndicatorValue {
  key: string;
  labels: Translations;
  unit: string | null;
  asOf: string;
}

interface IndicatorDefinition {
  key: string;
  unit: string;
  labels: Translations;
}

const indicator = (key: string, unit: string, labels: Translations = INDICATOR_LABELS[key]!): IndicatorDefinition => ({
  key,
  unit,
  labels,
});

/** What each budget priority's indicators are with these units admitted, in the order they are shown. */
export const indicatorsByArea = (
  units: readonly CountryCode[],
): Record<BudgetArea, readonly IndicatorDefinition[]> => ({
  SHARED_TOOLS_AND_SERVICES: [
    indicator("members.active", "members"),
    ...units.map((unit) => indicator(`members.active.${unit}`, "members", activeInUnitLabel(unit))),
  ],
  COOPERATIVE_LIFE: [
    indicator("sip.current.participants", "people"),
    ...units.map((unit) => indicator(`sip.current.participants.${unit}`, "people", inCurrentCycleLabel(unit))),
    indicator("sip.participants", "people"),
    indicator("sip.since", "year"),
    indicator("sip.cycles", "cycles"),
    indicator("sip.cities", "cities"),
    indicator("sip.recommendations.done", "recommendations"),
    indicator("sip.recommendations.open", "recommendations"),
    indicator("vote.turnout", "members"),
    ...units.map((unit) => indicator(`vote.turnout.${unit}`, "members", voteTurnoutInUnitLabel(unit))),
  ],
  INTERNATIONAL_DEVELOPMENT: [
    indicator("countries.active", "countries"),
    indicator("cities.active", "cities"),
    indicator("members.activeAbroad", "members"),
  ],
  SHARED_WORKSPACES: [
    indicator("workspaces.open", "workspaces"),
    indicator("workspaces.partner", "workspaces"),
    indicator("seatDays.offered", "seat-days"),
    indicator("seatDays.booked", "seat-days"),
    indicator("workspaces.occupancy", "percent"),
  ],
});

/** A priority's indicators, as of `asOf`, with one per unit admitted where a figure is per unit. */
export function indicatorsOf(area: BudgetArea, asOf: string, units: readonly CountryCode[]): IndicatorValue[] {
  return indicatorsByArea(units)[area].map(({ key, unit, labels }) => ({ key, labels, unit, asOf }));
}
