/**
 * Seeds one unit's database with demo data:
 *   DATABASE_URL=postgres://… node dist/cli/seed.js --unit BE --members-per-unit 2000
 * Runs pending migrations first; does nothing when the unit already has members.
 */
import { parseArgs } from "node:util";
import { exitOnConfigError, isCountryCode, postgresUrl, readConfig, ConfigError } from "@smart/platform";
import { createDataSource } from "../data-source.js";
import { seedUnit } from "../seed/index.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      unit: { type: "string" },
      "members-per-unit": { type: "string", default: "2000" },
    },
  });
  const unit = values.unit?.toUpperCase();
  if (!isCountryCode(unit)) throw new ConfigError(`--unit: expected a country code such as BE, got '${values.unit ?? ""}'`);
  const membersPerUnit = Number(values["members-per-unit"]);
  if (!Number.isInteger(membersPerUnit) || membersPerUnit < 0) {
    throw new ConfigError(`--members-per-unit: expected a whole number, got '${values["members-per-unit"]}'`);
  }
  const { DATABASE_URL } = readConfig({ DATABASE_URL: postgresUrl() });

  const dataSource = createDataSource({ url: DATABASE_URL, poolSize: 2 });
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
