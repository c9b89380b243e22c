import type { Express } from "express";
import {
  DASHBOARD_CLIENT_ID,
  GRAPH_RESOURCE,
  IDE_CLIENT_ID,
  PARTICIPATE_CLIENT_ID,
  SIGN_IN_CONFIG_PATH,
  type SignInPageConfig,
} from "./config.js";

/** What a deployment may change of the pages' sign-in; the rest has the defaults above. */
export interface SignInOptions {
  /** The OpenID Connect provider's issuer (the gateway's AUTH_ISSUER). */
  issuer: string;
  resource?: string;
  scope?: string;
  clients?: Partial<SignInPageConfig["clients"]>;
}

export function signInPageConfig(options: SignInOptions): SignInPageConfig {
  return {
    issuer: options.issuer,
    resource: options.resource ?? GRAPH_RESOURCE,
    scope: options.scope ?? "openid",
    clients: {
      ide: options.clients?.ide ?? IDE_CLIENT_ID,
      dashboard: options.clients?.dashboard ?? DASHBOARD_CLIENT_ID,
      participate: options.clients?.participate ?? PARTICIPATE_CLIENT_ID,
    },
  };
}

/**
 * GET /sign-in.json: the provider and the pages' clients, for the IDE and the
 * dashboard; 404 when this gateway has no provider (the pages then stay anonymous).
 */
export function serveSignInConfig(app: Express, config: SignInPageConfig | undefined): void {
  app.get(SIGN_IN_CONFIG_PATH, (_req, res) => {
    res.setHeader("cache-control", "no-cache");
    if (!config) {
      res.status(404).json({ error: "This gateway signs no one in: it has no identity provider (AUTH_ISSUER)." });
      return;
    }
    res.json(config);
  });
}

/**
 * A page's Content-Security-Policy with the provider's origin added to
 * `connect-src`: the page fetches its discovery document and its token endpoint
 * (the browser goes to its login page by navigation, which needs no permission).
 */
export function allowingProvider(policy: string, issuer: string | undefined): string {
  if (!issuer) return policy;
  const origin = new URL(issuer).origin;
  return policy.replace(/connect-src ([^;]*)/, (_all, sources: string) => `connect-src ${sources} ${origin}`);
}
