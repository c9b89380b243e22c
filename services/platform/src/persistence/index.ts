import { readFileSync } from "node:fs";
import type { ConnectionOptions, TlsOptions } from "node:tls";
import { z } from "zod";
import {
  DataSource,
  MigrationExecutor,
  type EntitySchema,
  type Logger as TypeormLogger,
  type MigrationInterface,
} from "typeorm";
import { readConfig } from "../config.js";

/**
 * Counts the SQL statements a DataSource sends, and keeps the last one. Tests read
 * it to hold the "constant SQL per request" promise and to EXPLAIN what a resolver
 * really ran; it costs one increment and one assignment per query.
 */
export class SqlStatementCounter implements TypeormLogger {
  count = 0;
  last: { query: string; parameters: unknown[] | undefined } | undefined;
  logQuery(query: string, parameters?: unknown[]): void {
    this.count++;
    this.last = { query, parameters };
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface PostgresDataSourceOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EntitySchema<T> is invariant in T: a list of different entities has no narrower type
  entities: EntitySchema<any>[];
  migrations: (new () => MigrationInterface)[];
  /** Shown in pg_stat_activity. */
  applicationName: string;
  /** Where PGSSLMODE and PGSSLROOTCERT are read when the URL names no sslmode (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The sslmodes node-postgres can honour: it has no fallback to plaintext, so libpq's `allow` and `prefer` are refused rather than guessed. */
export const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface PostgresConnection {
  /** The URL without its TLS parameters (node-postgres would otherwise read them over `ssl`). */
  url: string;
  sslmode: SslMode;
  /** What node-postgres gets as `ssl`: false for plaintext. */
  ssl: false | ConnectionOptions;
}

const TLS_PARAMETERS = ["sslmode", "sslrootcert", "sslcert", "sslkey", "ssl"];

/**
 * How a service connects, as libpq reads it: `sslmode` and `sslrootcert` from the URL's
 * query, else from PGSSLMODE and PGSSLROOTCERT, else plaintext (the development and test
 * Postgres). `verify-full` checks the server's certificate against the CA in `sslrootcert`
 * (the system's CAs when none is named, or `sslrootcert=system`) and its name against the
 * URL's host; `verify-ca` the CA only (and needs `sslrootcert`); `require` encrypts without
 * checking, unless a CA is named (then as `verify-ca`, like libpq). The CA file is read
 * here, once: a missing file fails at start, not at the first query.
 */
export function postgresConnection(url: string, env: NodeJS.ProcessEnv = process.env): PostgresConnection {
  const parsed = new URL(url);
  const fromUrl = (name: string) => parsed.searchParams.get(name) ?? undefined;
  if (fromUrl("sslcert") || fromUrl("sslkey"))
    throw new Error(
      "DATABASE_URL: client certificates (sslcert, sslkey) are not supported; the services sign in with a password",
    );
  if (fromUrl("ssl") !== undefined)
    throw new Error("DATABASE_URL: use sslmode=… (disable, require, verify-ca, verify-full), not ssl=…");
  const urlMode = fromUrl("sslmode");
  const mode = urlMode ?? (env.PGSSLMODE || undefined) ?? "disable";
  const rootCert =
    (urlMode !== undefined ? fromUrl("sslrootcert") : (fromUrl("sslrootcert") ?? (env.PGSSLROOTCERT || undefined))) ||
    undefined;
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new Error(
      `${urlMode !== undefined ? "DATABASE_URL sslmode" : "PGSSLMODE"}: expected one of ${SSL_MODES.join(", ")}, got '${mode}'`,
    );
  }
  const sslmode = mode as SslMode;
  for (const name of TLS_PARAMETERS) parsed.searchParams.delete(name);
  const stripped = parsed.toString();
  if (sslmode === "disable") return { url: stripped, sslmode, ssl: false };
  const ca = rootCert && rootCert !== "system" ? readFileSync(rootCert, "utf8") : undefined;
  if (sslmode === "verify-ca" && !ca)
    throw new Error("sslmode=verify-ca needs the CA: sslrootcert in DATABASE_URL or PGSSLROOTCERT");
  const skipName = () => undefined;
  if (sslmode === "require")
    return {
      url: stripped,
      sslmode,
      ssl: ca ? { ca, rejectUnauthorized: true, checkServerIdentity: skipName } : { rejectUnauthorized: false },
    };
  if (sslmode === "verify-ca")
    return { url: stripped, sslmode, ssl: { ca, rejectUnauthorized: true, checkServerIdentity: skipName } };
  return { url: stripped, sslmode, ssl: ca ? { ca, rejectUnauthorized: true } : { rejectUnauthorized: true } };
}

/** A service's DataSource (not yet initialised). Never `synchronize`: migrations own the schema. TLS as `postgresConnection` reads it. */
export function createPostgresDataSource({
  url,
  poolSize = 10,
  entities,
  migrations,
  applicationName,
  env,
}: PostgresDataSourceOptions): DataSource {
  const connection = postgresConnection(url, env);
  return new DataSource({
    type: "postgres",
    url: connection.url,
    // node-postgres hands it to tls.connect (a client's ConnectionOptions); TypeORM types it as TlsOptions.
    ssl: connection.ssl as false | TlsOptions,
    entities,
    migrations,
    migrationsTableName: "migrations",
    synchronize: false,
    logging: ["query"],
    logger: new SqlStatementCounter(),
    extra: { max: poolSize, application_name: applicationName },
  });
}

export function sqlStatementCounter(dataSource: DataSource): SqlStatementCounter {
  return dataSource.logger as SqlStatementCounter;
}

/**
 * The advisory lock every migrator of a database takes (a constant of this project; advisory
 * locks are per database, so each unit's and central's are apart).
 */
export const MIGRATION_LOCK_KEY = 0x5e6_0001;

/**
 * Runs the pending migrations, each in its own transaction; returns the names it ran. On one
 * connection that first waits for the database's migration lock (pg_advisory_lock), so two
 * migrators started at once on a fresh database run one after the other: the second finds
 * nothing pending. The lock is a session's: it goes with the connection if the process dies.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = "each";
      return (await executor.executePendingMigrations()).map((migration) => migration.name);
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Whether a server migrates its database at start (MIGRATE_ON_START), or only checks that another migrated it. */
export function readMigrationConfig(env: NodeJS.ProcessEnv = process.env): { migrateOnStart: boolean } {
  const config = readConfig(
    {
      MIGRATE_ON_START: z
        .enum(["true", "false"], { errorMap: () => ({ message: "expected true or false" }) })
        .default("true"),
    },
    env,
  );
  return { migrateOnStart: config.MIGRATE_ON_START === "true" };
}

/**
 * A server's schema before it takes traffic: with `migrateOnStart` (npm start, Compose) it
 * runs the pending migrations under the lock; without (Kubernetes, where the `migrate` init
 * container is the one migrator) it refuses to start while any is pending. Returns what it ran.
 */
export async function prepareSchema(
  dataSource: DataSource,
  { migrateOnStart }: { migrateOnStart: boolean },
): Promise<string[]> {
  if (migrateOnStart) return runMigrations(dataSource);
  if (await dataSource.showMigrations()) {
    throw new Error(
      "MIGRATE_ON_START=false and migrations are pending: run the migrator (dist/cli/migrate.js, the init container) first",
    );
  }
  return [];
}
