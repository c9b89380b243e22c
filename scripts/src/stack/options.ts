import { membersPerUnitFlag } from "@smart/national";
import { readArgs, type CountryCode } from "@smart/platform";
import { targetsFlag, type DatabaseTarget } from "./targets.js";
import { optionalUnitListFlag, unitListFlag } from "./units.js";

export interface SeedOptions {
  membersPerUnit: number;
  targets: readonly DatabaseTarget[];
  /** The units central's directory is to admit, exactly (`--admit`); undefined: as seeded (the founding units). */
  admit?: readonly CountryCode[];
}

/**
 * `npm run seed`: `--members-per-unit N` (default 2000), `--units BE,FR,PT,central` (default
 * the founding units and central) and `--admit AT,…,PT`.
 */
export function parseSeedOptions(args: readonly string[]): SeedOptions {
  const { membersPerUnit, units, admit } = readArgs(args, {
    "members-per-unit": membersPerUnitFlag(),
    units: targetsFlag(),
    admit: optionalUnitListFlag(),
  }).values;
  return { membersPerUnit, targets: units, ...(admit ? { admit } : {}) };
}

export interface StartOptions {
  membersPerUnit: number;
  /** The national units to run, in alphabetical order; central's directory admits exactly these. */
  units: readonly CountryCode[];
}

/** `npm start`: `--members-per-unit N` (default 2000) and `--units AT,BE,…,PT` (default the founding units). */
export function parseStartOptions(args: readonly string[]): StartOptions {
  const { membersPerUnit, units } = readArgs(args, {
    "members-per-unit": membersPerUnitFlag(),
    units: unitListFlag(),
  }).values;
  return { membersPerUnit, units };
}
