import type { DataSource } from "typeorm";
import type { CountryCode, CursorCodec, Viewer } from "@smart/platform";
import type { NationalLoaders } from "./loaders.js";

/** What every resolver of a unit receives; built fresh per request. */
export interface NationalContext {
  unit: CountryCode;
  /** Who is calling, from the verified token (anonymous without one). */
  viewer: Viewer;
  /**
   * The gateway signed this request: it may use the router's reserved names, and
   * entity references are resolved for the gateway's plan. Unsigned, a request is a
   * direct caller's, held to the rules of the root fields.
   */
  signedByGateway: boolean;
  /** Seals and opens this unit's cursors. */
  cursors: CursorCodec;
  dataSource: DataSource;
  loaders: NationalLoaders;
}
