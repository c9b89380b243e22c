/** What other packages (the dev stack, the gateway's tests) use of a national unit. */
import type { DataSource } from "typeorm";

export { createDataSource, migrations, sqlStatementCounter } from "./data-source.js";
export { buildNationalServer, type NationalServer, type NationalServerOptions } from "./server.js";
export { readNationalConfig } from "./config.js";
export * from "./entity/index.js";
export { seedUnit, type SeedUnitOptions, type SeedUnitResult } from "./seed/index.js";

/** Runs the unit's pending migrations; returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  return (await dataSource.runMigrations({ transaction: "each" })).map((migration) => migration.name);
}
