import type { DataSource } from "typeorm";
import type { CentralLoaders } from "./loaders.js";

/** What every resolver of the central subgraph receives; built fresh per request. */
export interface CentralContext {
  dataSource: DataSource;
  loaders: CentralLoaders;
}
