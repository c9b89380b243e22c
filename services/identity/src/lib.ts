/** @smart/identity: the development OpenID Connect provider, for the dev stack, the tests and `npm run token`. */
export * from "./accounts.js";
export * from "./developmentToken.js";
export { loadSigningKeys, generateSigningKey, type SigningJwk } from "./keys.js";
export {
  ACCESS_TOKEN_SECONDS,
  buildIdentityProvider,
  DEFAULT_GATEWAY_URL,
  gatewayUrlsOf,
  PUBLIC_CLIENTS,
  redirectUriOf,
  type IdentityProvider,
  type IdentityProviderOptions,
  type PublicClientId,
} from "./provider.js";
export { startIdentityProvider, type RunningIdentityProvider, type StartIdentityProviderOptions } from "./start.js";
