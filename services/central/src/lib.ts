/** The central subgraph as a library: for the dev stack launcher, seeding scripts and tests. */
export {
  createDataSource,
  runMigrations,
  migrations,
  sqlStatementCounter,
  type CentralDataSourceOptions,
} from "./data-source.js";
export { buildCentralServer, type CentralServer, type CentralServerOptions } from "./server.js";
export { seedCentral, type SeedCentralOptions } from "./seed/seedCentral.js";
