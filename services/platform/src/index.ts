export * from "./units.js";
export * from "./ids.js";
export * from "./errors.js";
export * from "./sortKey.js";
export * from "./cursor.js";
export * from "./config.js";
export * from "./logger.js";
export * from "./httpServer.js";
