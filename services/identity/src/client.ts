/**
 * @smart/identity/client: asking the development provider for a token, without loading
 * the provider itself (what `npm run token` imports).
 */
export * from "./accounts.js";
export * from "./developmentToken.js";
