import type { DataSource } from "typeorm";
import { createPostgresDataSource } from "@smart/platform/persistence";
import { entities } from "./entity/index.js";
import { InitialSchema1764210000000 } from "./migration/1764210000000-InitialSchema.js";
import { BudgetPrioritiesAndLanguages1764400000000 } from "./migration/1764400000000-BudgetPrioritiesAndLanguages.js";
import { AssemblyVote1764900000000 } from "./migration/1764900000000-AssemblyVote.js";
import { SipParticipation1764950000000 } from "./migration/1764950000000-SipParticipation.js";
import { UnitAdmission1765000000000 } from "./migration/1765000000000-UnitAdmission.js";

export { runMigrations, sqlStatementCounter } from "@smart/platform/persistence";

export const migrations = [
  InitialSchema1764210000000,
  BudgetPrioritiesAndLanguages1764400000000,
  AssemblyVote1764900000000,
  SipParticipation1764950000000,
  UnitAdmission1765000000000,
];

export interface CentralDataSourceOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** The central office's DataSource (not yet initialised). Never `synchronize`: migrations own the schema. */
export function createDataSource({ url, poolSize }: CentralDataSourceOptions): DataSource {
  return createPostgresDataSource({ url, poolSize, entities, migrations, applicationName: "smart-central" });
}
