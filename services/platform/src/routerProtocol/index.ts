export * from "./names.js";
export * from "./gatewayKeys.js";
export * from "./signature.js";
export * from "./viewerHeader.js";
export * from "./version.js";
