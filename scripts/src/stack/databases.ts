import {
  createDataSource as createCentralDataSource,
  runMigrations as runCentralMigrations,
  seedCentral,
} from "@smart/central";
import {
  createDataSource as createUnitDataSource,
  runMigrations as runUnitMigrations,
  seedUnit,
} from "@smart/national";
import { FOUNDING_UNITS, type CountryCode } from "@smart/platform";
import { admitExactly, type AdmissionChanges } from "./directory.js";
import type { StackPostgres } from "./postgres.js";
import type { DatabaseTarget } from "./targets.js";

export interface PrepareDatabasesOptions {
  postgres: StackPostgres;
  targets: readonly DatabaseTarget[];
  membersPerUnit: number;
  /**
   * The units central's directory is to admit, exactly: seeded so, or, when it was seeded
   * before, others admitted and retired to match. Undefined: seeded with the founding units, else left alone.
   */
  admit?: readonly CountryCode[];
  /** Members written so far for a unit; central reports 0/1 then 1/1. */
  onProgress?: (target: DatabaseTarget, done: number, total: number) => void;
}

export interface PreparedDatabase {
  target: DatabaseTarget;
  database: string;
  /** False when it already had data and was left alone. */
  seeded: boolean;
  /** Members written (0 for central, and for a unit that already had members). */
  members: number;
  /** Central's directory seeded before, brought to admit the units asked. */
  admissions?: AdmissionChanges;
  /** Migrating and seeding, wall clock. */
  seconds: number;
}

/**
 * Creates each target's database unless it exists, runs its migrations and seeds it
 * when empty; all targets in parallel. Fails after all have finished, naming each
 * target that failed, so no half-open connection is left behind.
 */
export async function prepareDatabases({
  postgres,
  targets,
  membersPerUnit,
  admit,
  onProgress,
}: PrepareDatabasesOptions): Promise<PreparedDatabase[]> {
  // One after the other: CREATE DATABASE is quick, and concurrent ones contend on the template.
  for (const target of targets) await postgres.ensureDatabase(target);
  const outcomes = await Promise.allSettled(
    targets.map(async (target): Promise<PreparedDatabase> => {
      const started = performance.now();
      const progress = (done: number, total: number) => onProgress?.(target, done, total);
      const url = postgres.urlOf(target);
      const { seeded, members, admissions } =
        target === "central"
          ? await prepareCentral(url, admit, progress)
          : await prepareUnit(url, target, membersPerUnit, progress);
      return {
        target,
        database: postgres.databaseOf(target),
        seeded,
        members,
        ...(admissions ? { admissions } : {}),
        seconds: (performance.now() - started) / 1000,
      };
    }),
  );
  const failures = outcomes.flatMap((outcome, index) =>
    outcome.status === "rejected" ? [`${targets[index]}: ${(outcome.reason as Error)?.message ?? outcome.reason}`] : [],
  );
  if (failures.length > 0) throw new Error(`Preparing the databases failed:\n  ${failures.join("\n  ")}`);
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<PreparedDatabase>).value);
}

type Progress = (done: number, total: number) => void;

async function prepareUnit(
  url: string,
  unit: CountryCode,
  membersPerUnit: number,
  progress: Progress,
): Promise<{ seeded: boolean; members: number; admissions?: AdmissionChanges }> {
  return withDataSource(createUnitDataSource({ url, poolSize: 2 }), async (dataSource) => {
    await runUnitMigrations(dataSource);
    return seedUnit({ dataSource, unit, membersPerUnit, onProgress: progress });
  });
}

async function prepareCentral(url: string, admit: readonly CountryCode[] | undefined, progress: Progress) {
  return withDataSource(createCentralDataSource({ url, poolSize: 2 }), async (dataSource) => {
    progress(0, 1);
    await runCentralMigrations(dataSource);
    // Seeded before, its directory may know units the seed does not (admitted with their details): brought to `admit` here.
    const [{ seededBefore }] = await dataSource.query<[{ seededBefore: boolean }]>(
      `SELECT EXISTS (SELECT FROM country) AS "seededBefore"`,
    );
    const seeded = !seededBefore && (await seedCentral(dataSource, { admit: admit ?? FOUNDING_UNITS }));
    const admissions =
      seededBefore && admit
        ? await admitExactly(
            (work) => dataSource.transaction((manager) => work((sql, p) => manager.query(sql, p))),
            admit,
          )
        : undefined;
    progress(1, 1);
    return { seeded, members: 0, ...(admissions ? { admissions } : {}) };
  });
}

/** National and central DataSources are both TypeORM's. */
type DataSource = ReturnType<typeof createUnitDataSource>;

async function withDataSource<T>(dataSource: DataSource, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
