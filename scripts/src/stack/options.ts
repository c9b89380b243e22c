import { parseArgs } from "node:util";
import { ALL_TARGETS, parseTargets, type DatabaseTarget } from "./targets.js";

export interface StackOptions {
  membersPerUnit: number;
  targets: readonly DatabaseTarget[];
}

export const DEFAULT_MEMBERS_PER_UNIT = 2000;

/** `--members-per-unit N` (default 2000) and `--units BE,FR,central` (default all), shared by start and seed. */
export function parseStackOptions(args: string[]): StackOptions {
  const { values } = parseArgs({
    args,
    options: {
      "members-per-unit": { type: "string" },
      units: { type: "string" },
    },
  });
  const raw = values["members-per-unit"];
  const membersPerUnit = raw === undefined ? DEFAULT_MEMBERS_PER_UNIT : Number(raw);
  if (!Number.isInteger(membersPerUnit) || membersPerUnit < 0) {
    throw new Error(`--members-per-unit: expected a whole number, got '${raw}'`);
  }
  return { membersPerUnit, targets: values.units ? parseTargets(values.units) : ALL_TARGETS };
}
