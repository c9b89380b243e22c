import { membersPerUnitFlag } from "@smart/national";
import { readArgs } from "@smart/platform";
import { targetsFlag, type DatabaseTarget } from "./targets.js";

export interface StackOptions {
  membersPerUnit: number;
  targets: readonly DatabaseTarget[];
}

/** `--members-per-unit N` (default 2000) and `--units BE,FR,central` (default all), shared by start and seed. */
export function parseStackOptions(args: readonly string[]): StackOptions {
  const { membersPerUnit, units } = readArgs(args, {
    "members-per-unit": membersPerUnitFlag(),
    units: targetsFlag(),
  }).values;
  return { membersPerUnit, targets: units };
}
