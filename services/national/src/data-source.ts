import type { DataSource } from "typeorm";
import { createPostgresDataSource } from "@smart/platform/persistence";
import { entities } from "./entity/index.js";
import { InitialSchema1764200000000 } from "./migration/1764200000000-InitialSchema.js";
import { Bookings1764300000000 } from "./migration/1764300000000-Bookings.js";
import { PreferredLanguage1764400000000 } from "./migration/1764400000000-PreferredLanguage.js";
import { MemberTally1764410000000 } from "./migration/1764410000000-MemberTally.js";
import { PersonalDataAccessLog1764420000000 } from "./migration/1764420000000-PersonalDataAccessLog.js";
import { MemberMonthCounts1764450000000 } from "./migration/1764450000000-MemberMonthCounts.js";
import { MemberErasure1764500000000 } from "./migration/1764500000000-MemberErasure.js";
import { MemberTransfer1764600000000 } from "./migration/1764600000000-MemberTransfer.js";
import { TombstonesUncounted1764700000000 } from "./migration/1764700000000-TombstonesUncounted.js";
import { ArrivalsCountedOnceSettled1764710000000 } from "./migration/1764710000000-ArrivalsCountedOnceSettled.js";
import { MemberBallot1764900000000 } from "./migration/1764900000000-MemberBallot.js";
import { BookingByAnyUnit1765100000000 } from "./migration/1765100000000-BookingByAnyUnit.js";

export { runMigrations, sqlStatementCounter } from "@smart/platform/persistence";

export const migrations = [
  InitialSchema1764200000000,
  Bookings1764300000000,
  PreferredLanguage1764400000000,
  MemberTally1764410000000,
  PersonalDataAccessLog1764420000000,
  MemberMonthCounts1764450000000,
  MemberErasure1764500000000,
  MemberTransfer1764600000000,
  TombstonesUncounted1764700000000,
  ArrivalsCountedOnceSettled1764710000000,
  MemberBallot1764900000000,
  BookingByAnyUnit1765100000000,
];

export interface NationalDataSourceOptions {
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** The unit's DataSource (not yet initialised). Never `synchronize`: migrations own the schema. */
export function createDataSource({ url, poolSize }: NationalDataSourceOptions): DataSource {
  return createPostgresDataSource({ url, poolSize, entities, migrations, applicationName: "smart-national" });
}
