import { stopSharedTestPostgres } from "./sharedTestPostgres.js";

/** Mocha global fixture: stops the run's shared Postgres (if one was started). */
export const mochaGlobalTeardown = stopSharedTestPostgres;
