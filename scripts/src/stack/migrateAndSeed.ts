import type { CountryCode } from "@smart/platform";
import { prepareDatabases, type PreparedDatabase } from "./databases.js";
import type { AdmissionChanges } from "./directory.js";
import type { StackPostgres } from "./postgres.js";
import { seedProgressBars } from "./seedProgress.js";
import type { DatabaseTarget } from "./targets.js";

export interface MigrateAndSeedResult {
  databases: PreparedDatabase[];
  totalSeconds: number;
}

/**
 * Prepares every target's database in parallel, behind one set of progress bars; central's
 * directory admits `admit` (default the founding units).
 */
export async function migrateAndSeed(
  postgres: StackPostgres,
  targets: readonly DatabaseTarget[],
  membersPerUnit: number,
  admit?: readonly CountryCode[],
): Promise<MigrateAndSeedResult> {
  const started = performance.now();
  const bars = seedProgressBars(targets);
  try {
    const databases = await prepareDatabases({
      postgres,
      targets,
      membersPerUnit,
      ...(admit ? { admit } : {}),
      onProgress: (...update) => bars.update(...update),
    });
    return { databases, totalSeconds: (performance.now() - started) / 1000 };
  } finally {
    bars.stop();
  }
}

/** What bringing a directory seeded before to the units asked changed. */
function admissionNote({ admitted, retired }: AdmissionChanges): string {
  const changes = [
    ...(admitted.length ? [`admitted ${admitted.join(", ")}`] : []),
    ...(retired.length ? [`retired ${retired.join(", ")}`] : []),
  ];
  return changes.length ? changes.join("; ") : "left alone";
}

/** One line per database (what was done, how long it took) and the total. */
export function formatSeedReport({ databases, totalSeconds }: MigrateAndSeedResult): string {
  const width = Math.max(...databases.map((d) => d.database.length));
  const lines = databases.map((d) => {
    const what = !d.seeded
      ? `already seeded, ${d.admissions ? admissionNote(d.admissions) : "left alone"}`
      : d.target === "central"
        ? "seeded"
        : `seeded ${d.members.toLocaleString("en")} members`;
    return `  ${d.target.padEnd(7)} ${d.database.padEnd(width)}  ${d.seconds.toFixed(1).padStart(6)} s  ${what}`;
  });
  return [...lines, `  total   ${"".padEnd(width)}  ${totalSeconds.toFixed(1).padStart(6)} s`].join("\n");
}
