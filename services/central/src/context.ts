import type { DataSource } from "typeorm";
import type { Language, Viewer } from "@smart/platform";
import type { CentralLoaders } from "./loaders.js";

/** What every resolver of the central subgraph receives; built fresh per request. */
export interface CentralContext {
  /** Who is calling (verified token; anonymous without one). Central data is public today. */
  viewer: Viewer;
  /** The language of a text asked for without `lang`: the caller's Accept-Language, else English. */
  lang: Language;
  /** The gateway signed this request (see the national context); unsigned, it is a direct caller's. */
  signedByGateway: boolean;
  dataSource: DataSource;
  loaders: CentralLoaders;
}
