import type { DataSource } from "typeorm";
import type { CountryCode } from "@smart/platform";
import type { NationalLoaders } from "./loaders.js";

/** What every resolver of a unit receives; built fresh per request. */
export interface NationalContext {
  unit: CountryCode;
  dataSource: DataSource;
  loaders: NationalLoaders;
}
