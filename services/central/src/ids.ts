import { badUserInput, CENTRAL_PREFIX, isCountryCode, type CountryCode } from "@smart/platform";
import type { Country } from "./entity/index.js";
import type { CentralLoaders } from "./loaders.js";

/** `EU:` and a local part, as the tables' CHECK constraints accept them. */
const CENTRAL_ID = new RegExp(`^${CENTRAL_PREFIX}:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`);

/** `id` when it is a central office ID (`EU:…`); BAD_USER_INPUT otherwise. */
export function requireCentralId(id: unknown, argument = "id"): string {
  if (typeof id === "string" && CENTRAL_ID.test(id)) return id;
  throw badUserInput(`${quoted(id)} is not a central office ID (${CENTRAL_PREFIX}:…).`, { argument });
}

/**
 * Which directory entries a code may name: `admitted`, a unit in the graph now
 * (what a write or a ballot names); `known`, any the directory knows, retired or
 * not yet admitted too (what a read of history names).
 */
export type UnitScope = "admitted" | "known";

/**
 * The directory's entry for `code` when it names a unit in `scope`;
 * BAD_USER_INPUT when it is no unit's code, or one the directory does not know
 * (or, for `admitted`, does not have ADMITTED). `extensions` name the argument.
 */
export async function requireCountryCode(
  code: unknown,
  loaders: CentralLoaders,
  scope: UnitScope,
  extensions: Record<string, string> = { argument: "code" },
): Promise<Country> {
  if (!isCountryCode(code)) throw badUserInput(`${quoted(code)} is not a unit's country code.`, extensions);
  const country = await loaders.country.load(code);
  if (!country) throw badUserInput(`${code} is no unit of the central office's directory.`, extensions);
  if (scope === "admitted" && country.admission !== "ADMITTED")
    throw badUserInput(`${code} is no unit of the graph: the directory has it ${country.admission}.`, extensions);
  return country;
}

/** The unit an ID of a national unit names (`PT:lisbon` → PT) when it is in `scope`; BAD_USER_INPUT otherwise. */
export async function requireUnitOfId(
  id: string,
  loaders: CentralLoaders,
  scope: UnitScope,
  argumentName: string,
): Promise<CountryCode> {
  const colon = id.indexOf(":");
  const prefix = colon > 0 ? id.slice(0, colon) : null;
  if (!isCountryCode(prefix))
    throw badUserInput(
      `${argumentName}: ${quoted(id)} is not a unit's ID: IDs start with a country code, like "BE:…".`,
      {
        argumentName,
      },
    );
  return (await requireCountryCode(prefix, loaders, scope, { argumentName })).code;
}

function quoted(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
}
