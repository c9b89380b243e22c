import { DataSource, type EntitySchema, type Logger as TypeormLogger, type MigrationInterface } from "typeorm";

/**
 * Counts the SQL statements a DataSource sends. Tests read it to hold the
 * "constant SQL per request" promise; it costs one increment per query.
 */
export class SqlStatementCounter implements TypeormLogger {
  count = 0;
  logQuery(): void {
    this.count++;
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
}

/** A service's DataSource (not yet initialised). Never `synchronize`: migrations own the schema. */
export function createPostgresDataSource({ url, poolSize = 10, entities, migrations, applicationName }: PostgresDataSourceOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url,
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

/** Runs the pending migrations, each in its own transaction; returns the names it ran. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  return (await dataSource.runMigrations({ transaction: "each" })).map((migration) => migration.name);
}
