import { DEFAULT_UNIT_URL_TEMPLATE, unitUrlFromTemplate, type CountryCode } from "@smart/platform";

/** How a unit's GraphQL endpoint is found: its own URL if given, else the template. */
export interface UnitUrlSettings {
  /** `{code}` (BE), `{code_lower}` (be) and `{port}` (defaultUnitPort) are filled in per unit (UNIT_URL_TEMPLATE). */
  template: string;
  /** A unit's own URL, by code (UNIT_URL_<CODE>): wins over the template. */
  overrides: Readonly<Record<CountryCode, string>>;
}

export const DEFAULT_UNIT_URLS: UnitUrlSettings = { template: DEFAULT_UNIT_URL_TEMPLATE, overrides: {} };

/** `unit`'s GraphQL endpoint. */
export function unitUrlOf(settings: UnitUrlSettings, unit: CountryCode): string {
  return Object.hasOwn(settings.overrides, unit)
    ? settings.overrides[unit]!
    : unitUrlFromTemplate(settings.template, unit);
}
