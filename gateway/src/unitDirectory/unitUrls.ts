import { defaultUnitPort, type CountryCode } from "@smart/platform";

/** Where a unit is reached when neither UNIT_URL_<CODE> nor UNIT_URL_TEMPLATE says otherwise: the dev stack's ports. */
export const DEFAULT_UNIT_URL_TEMPLATE = "http://127.0.0.1:{port}/graphql";

/** How a unit's GraphQL endpoint is found: its own URL if given, else the template. */
export interface UnitUrlSettings {
  /** `{code}` (BE), `{code_lower}` (be) and `{port}` (defaultUnitPort) are filled in per unit (UNIT_URL_TEMPLATE). */
  template: string;
  /** A unit's own URL, by code (UNIT_URL_<CODE>): wins over the template. */
  overrides: Readonly<Record<CountryCode, string>>;
}

export const DEFAULT_UNIT_URLS: UnitUrlSettings = { template: DEFAULT_UNIT_URL_TEMPLATE, overrides: {} };

/** `unit`'s URL from the template alone. */
export function fromTemplate(template: string, unit: CountryCode): string {
  return template
    .replaceAll("{code}", unit)
    .replaceAll("{code_lower}", unit.toLowerCase())
    .replaceAll("{port}", String(defaultUnitPort(unit)));
}

/** `unit`'s GraphQL endpoint. */
export function unitUrlOf(settings: UnitUrlSettings, unit: CountryCode): string {
  return Object.hasOwn(settings.overrides, unit) ? settings.overrides[unit]! : fromTemplate(settings.template, unit);
}
