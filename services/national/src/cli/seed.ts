/**
 * Seeds one unit's database with demo data:
 *   DATABASE_URL=postgres://… node dist/cli/seed.js --unit BE --members-per-unit 2000
 * Runs pending migrations first; does nothing when the unit already has members.
 */
import { z } from "zod";
import { exitOnConfigError, isCountryCode, readArgs, readDatabaseConfig } from "@smart/platform";
import { createDataSource } from "../data-source.js";
import { membersPerUnitFlag, seedUnit } from "../seed/index.js";

async function main(): Promise<void> {
  const { values } = readArgs(process.argv.slice(2), {
    unit: z.preprocess(
      (value) => (typeof value === "string" ? value.toUpperCase() : value),
      z.string().refine(isCountryCode, "expected a country code such as BE"),
    ),
    "members-per-unit": membersPerUnitFlag(),
  });
  const { unit, membersPerUnit } = values;
  const { databaseUrl } = readDatabaseConfig();

  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const started = performance.now();
    const result = await seedUnit({ dataSource, unit, membersPerUnit });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      result.seeded
        ? `${unit}: seeded ${result.members} members, ${result.cities} cities, ${result.workspaces} workspaces in ${seconds} s`
        : `${unit}: already has members, nothing to do`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  try {
    exitOnConfigError(error);
  } catch {
    console.error(error);
    process.exit(1);
  }
});
