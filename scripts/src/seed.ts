/**
 * `npm run seed [-- --members-per-unit N] [--units BE,FR,PT,central] [--admit AT,…,PT]`:
 * creates, migrates and seeds the stack's databases (the same Postgres `npm start`
 * picks), central's directory admitting `--admit` (default the founding units), then stops.
 */
import { exitOnConfigError } from "@smart/platform";
import { parseSeedOptions } from "./stack/options.js";
import { formatSeedReport, migrateAndSeed } from "./stack/migrateAndSeed.js";
import { openStackPostgres } from "./stack/postgres.js";

async function main(): Promise<void> {
  const { membersPerUnit, targets, admit } = parseSeedOptions(process.argv.slice(2));
  const postgres = await openStackPostgres({ targets });
  try {
    console.log(`Postgres: ${postgres.description}`);
    console.log(`Seeding ${targets.join(", ")} with ${membersPerUnit.toLocaleString("en")} members per unit…`);
    const result = await migrateAndSeed(postgres, targets, membersPerUnit, admit);
    console.log(formatSeedReport(result));
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  try {
    exitOnConfigError(
      error,
      "usage: npm run seed -- [--members-per-unit N] [--units BE,FR,PT,central] [--admit AT,BE,…,PT]",
    );
  } catch {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
});
