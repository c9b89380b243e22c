import { badUserInput, CENTRAL_PREFIX, isCountryCode, type CountryCode } from "@smart/platform";

/** `EU:` and a local part, as the tables' CHECK constraints accept them. */
const CENTRAL_ID = new RegExp(`^${CENTRAL_PREFIX}:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`);

/** `id` when it is a central office ID (`EU:…`); BAD_USER_INPUT otherwise. */
export function requireCentralId(id: unknown, argument = "id"): string {
  if (typeof id === "string" && CENTRAL_ID.test(id)) return id;
  throw badUserInput(`${quoted(id)} is not a central office ID (${CENTRAL_PREFIX}:…).`, { argument });
}

/** `code` when it names one of the nine units; BAD_USER_INPUT otherwise. */
export function requireCountryCode(code: unknown, argument = "code"): CountryCode {
  if (isCountryCode(code)) return code;
  throw badUserInput(`${quoted(code)} is not a country code of a Smart unit.`, { argument });
}

function quoted(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
}
