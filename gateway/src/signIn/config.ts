/**
 * What the gateway tells its pages (the IDE, the dashboard) about signing in,
 * at GET /sign-in.json: the OpenID Connect provider to use and each page's
 * public client. Shared by the gateway (signInRoute.ts) and the pages' bundles.
 */

/** The audience of a token for the European graph (RFC 8707 resource indicator). */
export const GRAPH_RESOURCE = "urn:smart:graph";
/** The public clients the provider knows for the gateway's pages (no secret: Authorization Code + PKCE). */
export const IDE_CLIENT_ID = "smart-ide";
export const DASHBOARD_CLIENT_ID = "smart-dashboard";
export const PARTICIPATE_CLIENT_ID = "smart-participate";
/** Where the pages read this: one small JSON document, on the gateway's own origin. */
export const SIGN_IN_CONFIG_PATH = "/sign-in.json";

export interface SignInPageConfig {
  /** The provider's issuer; its discovery document is `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** The resource the pages ask a token for (the token's `aud`). */
  resource: string;
  /** Scopes asked for. */
  scope: string;
  /** The public client ID of each page. */
  clients: { ide: string; dashboard: string; participate: string };
}
