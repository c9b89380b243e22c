import { z } from "zod";
import { exitOnConfigError, FOUNDING_UNITS, readArgs, readDatabaseConfig, UsageError } from "@smart/platform";
import { createDataSource, runMigrations } from "../data-source.js";
import { COUNTRIES } from "../seed/countries.js";
import { seedCentral } from "../seed/seedCentral.js";

const USAGE = `usage: node dist/cli/seed.js [--admit ${FOUNDING_UNITS.join(",")},PT]`;

/**
 * `DATABASE_URL=… node dist/cli/seed.js [--admit AT,BE,…,PT]`: migrates, then seeds
 * unless countries exist, admitting the units listed (default the nine founding units).
 */
async function main(): Promise<void> {
  const { values } = readArgs(process.argv.slice(2), { admit: z.string().optional() });
  const admit = values.admit === undefined ? undefined : admittedUnits(values.admit);
  const { databaseUrl } = readDatabaseConfig();
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  try {
    await runMigrations(dataSource);
    console.log(
      (await seedCentral(dataSource, { admit }))
        ? "Seeded the central office's data."
        : "Already seeded: nothing to do.",
    );
  } finally {
    await dataSource.destroy();
  }
}

/** `--admit at,BE,PT` (any case), each a unit the seed knows. */
function admittedUnits(list: string): string[] {
  const codes = list.split(",").map((code) => code.trim().toUpperCase());
  const unknown = codes.filter((code) => !COUNTRIES.some((country) => country.code === code));
  if (unknown.length)
    throw new UsageError(
      `--admit: the seed knows no unit ${unknown.map((code) => `'${code}'`).join(", ")} (it knows ${COUNTRIES.map((c) => c.code).join(",")}).`,
    );
  return [...new Set(codes)];
}

main().catch((error: unknown) => {
  exitOnConfigError(error, USAGE);
});
