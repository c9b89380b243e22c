import { DataSource, type Logger as TypeormLogger } from "typeorm";
import { entities } from "./entity/index.js";
import { InitialSchema1764200000000 } from "./migration/1764200000000-InitialSchema.js";
import { Bookings1764300000000 } from "./migration/1764300000000-Bookings.js";

export const migrations = [InitialSchema1764200000000, Bookings1764300000000];

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

export interface NationalDataSourceOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** The unit's DataSource (not yet initialised). Never `synchronize`: migrations own the schema. */
export function createDataSource({ url, poolSize = 10 }: NationalDataSourceOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    migrations,
    migrationsTableName: "migrations",
    synchronize: false,
    logging: ["query"],
    logger: new SqlStatementCounter(),
    extra: { max: poolSize, application_name: "smart-national" },
  });
}

export function sqlStatementCounter(dataSource: DataSource): SqlStatementCounter {
  return dataSource.logger as SqlStatementCounter;
}
