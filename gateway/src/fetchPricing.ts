import type { FetchNode } from "@apollo/query-planner";
import type { Json } from "./json.js";

/** Where in a plan a fetch runs, as its data source needs to know to price it. */
export interface FetchSite {
  /** The operation's variables, as it will run with them. */
  variables: Json;
  /** How many objects the fetch runs for (the lists above it, each at its `first` or its bound). */
  items(): number;
}

/**
 * A subgraph's data source that prices its own fetches: the calls to the units
 * and central one fetch makes at most (unitCallBudget.ts sums them over a plan).
 * A data source without it costs one call a fetch.
 */
export interface PricedDataSource {
  unitCallsOfFetch(fetch: FetchNode, site: FetchSite): number;
  /** The calls the fetch has in flight at once at most, when fewer than all (calls one after another); else all. */
  unitCallsInFlightOfFetch?(fetch: FetchNode, site: FetchSite): number;
}

export const isPriced = (source: object): source is PricedDataSource =>
  typeof (source as Partial<PricedDataSource>).unitCallsOfFetch === "function";
