import type { GraphQLFormattedError } from "graphql";
import type { CountryCode, Language, Viewer } from "@smart/platform";
import type { Figures } from "../indicators/figures.js";
import type { MemberBookingsLoader } from "./memberBookings.js";

/** What the references subgraph's resolvers get, per fetch. */
export interface ReferencesContext {
  /** The caller, as the gateway verified them. */
  viewer: Viewer;
  /** Booking IDs of members in every unit, batched: one fan-out for all the members of a fetch. */
  memberBookings: MemberBookingsLoader;
  /** The budget priorities' figures, computed once per fetch, on first use. */
  figures: () => Promise<Figures>;
  /** The units admitted when the fetch began (the unit directory's): the indicators per unit. */
  units: readonly CountryCode[];
  /** Today in Brussels, the central office's day: the indicators' `asOf`. */
  today: string;
  /** The language of a label asked for without `lang`: the caller's Accept-Language, else English. */
  lang: Language;
  /**
   * Errors that go with a value rather than replace it (a unit's missing part of a
   * list): graphql-js has no way to return both from a resolver, so they are
   * collected here and added to the fetch's answer.
   */
  partialErrors: GraphQLFormattedError[];
}
