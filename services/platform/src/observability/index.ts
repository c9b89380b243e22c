export * from "./metrics.js";
export * from "./health.js";
export * from "./shutdown.js";
