import { DataSource, type Logger as TypeormLogger } from "typeorm";
import { entities } from "./entity/index.js";
import { InitialSchema1764210000000 } from "./migration/1764210000000-InitialSchema.js";

export const migrations = [InitialSchema1764210000000];

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

export interface CentralDataSourceOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** The central office's DataSource (not yet initialised). Never `synchronize`: migrations own the schema. */
export function createDataSource({ url, poolSize = 10 }: CentralDataSourceOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    migrations,
    migrationsTableName: "migrations",
    synchronize: false,
    logging: ["query"],
    logger: new SqlStatementCounter(),
    extra: { max: poolSize, application_name: "smart-central" },
  });
}

/** Runs the pending migrations, each in its own transaction; returns the names it ran. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: "each" });
  return ran.map((migration) => migration.name);
}

export function sqlStatementCounter(dataSource: DataSource): SqlStatementCounter {
  return dataSource.logger as SqlStatementCounter;
}
