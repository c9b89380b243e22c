export * from "./names.js";
export * from "./signature.js";
