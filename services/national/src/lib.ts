/** What other packages (the dev stack, the gateway's tests) use of a national unit. */
export { createDataSource, migrations, runMigrations, sqlStatementCounter } from "./data-source.js";
export { buildNationalServer, type NationalServer, type NationalServerOptions } from "./server.js";
export { readNationalConfig } from "./config.js";
export * from "./entity/index.js";
export {
  seedUnit,
  DEFAULT_MEMBERS_PER_UNIT,
  membersPerUnitFlag,
  type SeedUnitOptions,
  type SeedUnitResult,
} from "./seed/index.js";

export { purgeAccessLog, PERSONAL_FIELDS } from "./memberRights/personalReads.js";
