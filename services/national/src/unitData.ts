import type { DataSource } from "typeorm";
import type { CountryCode, CursorCodec, Viewer } from "@smart/platform";
import type { NationalLoaders } from "./loaders.js";

/**
 * What the unit's data functions work with, handed over explicitly by the
 * resolvers (a request's context has all of it). Each function asks for the
 * part it uses (`Pick<UnitData, "unit" | "dataSource">`), so what it may touch
 * is in its signature; none knows GraphQL or the request's context.
 */
export interface UnitData {
  unit: CountryCode;
  dataSource: DataSource;
  /** Seals and opens the unit's cursors (keyset pages). */
  cursors: CursorCodec;
  /** Who asks, for the rules that depend on it. */
  viewer: Viewer;
  /** The request's loaders: a row read again in the same request costs no statement. */
  loaders: NationalLoaders;
}
