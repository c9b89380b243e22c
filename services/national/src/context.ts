import type { DataSource } from "typeorm";
import type { CountryCode, Viewer } from "@smart/platform";
import type { NationalLoaders } from "./loaders.js";

/** What every resolver of a unit receives; built fresh per request. */
export interface NationalContext {
  unit: CountryCode;
  /** Who is calling, from the verified token (anonymous without one). */
  viewer: Viewer;
  dataSource: DataSource;
  loaders: NationalLoaders;
}
