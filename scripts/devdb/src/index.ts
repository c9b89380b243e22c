export * from "./postgresServer.js";
export * from "./testPostgres.js";
export * from "./freePort.js";
export * from "./sharedTestPostgres.js";
