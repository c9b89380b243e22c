import crypto from "node:crypto";
import type http from "node:http";
import Provider, { errors, type Configuration, type KoaContextWithOIDC, type ResourceServer } from "oidc-provider";
import { ConfigError } from "@smart/platform";
import { audiencesOf, GRAPH_AUDIENCE, unitOfAudience, viewerOfAccount } from "./accounts.js";
import { DEVELOPMENT_GRANT, DEVELOPMENT_TOOLS_CLIENT, MAX_DEVELOPMENT_TOKEN_SECONDS } from "./developmentToken.js";
import { handleInteraction } from "./interactions.js";
import { generateSigningKey, type SigningJwk } from "./keys.js";
import { errorPage, PAGE_SECURITY_HEADERS, signedOutPage, signOutPage } from "./loginPage.js";
import { memoryAdapterFactory } from "./memoryAdapter.js";

/** An access token lives an hour (this is the development provider: a person signs in again after it). */
export const ACCESS_TOKEN_SECONDS = 60 * 60;

/** The public clients (Authorization Code + PKCE, no secret) and what they are called on the sign-in page. */
export const PUBLIC_CLIENTS = {
  "smart-ide": { name: "the GraphQL IDE", path: "/graphql" },
  "smart-dashboard": { name: "the dashboard", path: "/dashboard/" },
  "smart-participate": { name: "the participation page", path: "/participate/" },
} as const;

export type PublicClientId = keyof typeof PUBLIC_CLIENTS;

/** Where a public client is sent back with its code: `${gatewayUrl}/graphql`, `${gatewayUrl}/dashboard/`. */
export function redirectUriOf(client: PublicClientId, gatewayUrl: string): string {
  return `${gatewayUrl.replace(/\/+$/, "")}${PUBLIC_CLIENTS[client].path}`;
}

/**
 * The gateway's URL, and its loopback twin when it is on this machine
 * (`http://localhost:4000` and `http://127.0.0.1:4000`): a developer opens either.
 */
export function gatewayUrlsOf(gatewayUrl: string): string[] {
  const url = new URL(gatewayUrl);
  const base = gatewayUrl.replace(/\/+$/, "");
  const twin = url.hostname === "localhost" ? "127.0.0.1" : url.hostname === "127.0.0.1" ? "localhost" : undefined;
  if (!twin) return [base];
  url.hostname = twin;
  return [base, url.toString().replace(/\/+$/, "")];
}

export interface IdentityProviderOptions {
  /** The issuer identifier, e.g. `http://localhost:4020`: every token's `iss`, and where discovery is. */
  issuer: string;
  /** The gateway's public URL, on whose origin the IDE and the dashboard live (default http://localhost:4000). */
  gatewayUrl?: string;
  /** Private signing keys (ES256); default: one generated now, kept in memory. */
  keys?: SigningJwk[];
  /** Refused when "production" (default: NODE_ENV). */
  nodeEnv?: string;
}

export interface IdentityProvider {
  issuer: string;
  jwksUri: string;
  tokenEndpoint: string;
  provider: Provider;
  /** The provider's HTTP surface: discovery, JWKS, authorize, token, the sign-in page, `/health`. */
  listener: http.RequestListener;
}

export const DEFAULT_GATEWAY_URL = "http://localhost:4000";

/** What a resource indicator names, or an invalid_target error; a unit's endpoint is for that unit's staff only. */
function resourceServerInfo(ctx: KoaContextWithOIDC, resource: string, accountId?: string): ResourceServer {
  const base: ResourceServer = {
    scope: "",
    accessTokenFormat: "jwt",
    accessTokenTTL: ACCESS_TOKEN_SECONDS,
    jwt: { sign: { alg: "ES256" } },
  };
  if (resource === GRAPH_AUDIENCE) return { ...base, audience: GRAPH_AUDIENCE };
  const unit = unitOfAudience(resource);
  if (!unit)
    throw new errors.InvalidTarget(
      `unknown resource ${resource}: expected ${GRAPH_AUDIENCE} or urn:smart:unit:<cc> (lower case)`,
    );
  const account = accountId ?? ctx.oidc.account?.accountId;
  if (account !== undefined) {
    const viewer = viewerOfAccount(account);
    if (viewer?.role !== "unit_staff" || viewer.unit !== unit)
      throw new errors.InvalidTarget(
        `${resource} is the endpoint of ${unit}'s staff only; ${account} may use ${GRAPH_AUDIENCE}`,
      );
  }
  // The token's `aud` is set from the account's role (jwt customizer below).
  return { ...base, audience: resource };
}

/**
 * The development OpenID Connect provider (oidc-provider), ready to serve and not listening.
 * Accounts: member IDs (`BE:m17`), `staff:BE` … `staff:SE`, `central-office`; no password.
 * Access tokens: JWTs signed ES256 with `role` and `unit` claims; `aud` is `urn:smart:graph`,
 * plus `urn:smart:unit:<cc>` for a unit's staff. Refuses NODE_ENV=production.
 */
export function buildIdentityProvider(options: IdentityProviderOptions): IdentityProvider {
  if ((options.nodeEnv ?? process.env.NODE_ENV) === "production")
    throw new ConfigError(
      "NODE_ENV=production: this identity provider is for development and tests only (anyone can sign in as anyone). " +
        "In production point AUTH_ISSUER at a real OpenID Connect provider (docs/identity.md).",
    );
  const issuer = options.issuer.replace(/\/+$/, "");
  const gatewayUrl = (options.gatewayUrl ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, "");
  const gatewayUrls = gatewayUrlsOf(gatewayUrl);
  const gatewayOrigins = new Set(gatewayUrls.map((url) => new URL(url).origin));
  const keys = options.keys ?? [generateSigningKey()];

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(),
    jwks: { keys },
    cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
    clients: [
      ...(Object.keys(PUBLIC_CLIENTS) as PublicClientId[]).map((clientId) => ({
        client_id: clientId,
        client_name: PUBLIC_CLIENTS[clientId].name,
        token_endpoint_auth_method: "none" as const,
        application_type: "web" as const,
        grant_types: ["authorization_code"],
        response_types: ["code" as const],
        redirect_uris: gatewayUrls.map((url) => redirectUriOf(clientId, url)),
        post_logout_redirect_uris: gatewayUrls.map((url) => redirectUriOf(clientId, url)),
      })),
      {
        client_id: DEVELOPMENT_TOOLS_CLIENT.id,
        client_secret: DEVELOPMENT_TOOLS_CLIENT.secret,
        client_name: "npm run token and the tests",
        token_endpoint_auth_method: "client_secret_basic",
        grant_types: [DEVELOPMENT_GRANT],
        response_types: [],
        redirect_uris: [],
      },
    ],
    clientDefaults: { id_token_signed_response_alg: "ES256" },
    claims: { openid: ["sub", "role", "unit"] },
    scopes: ["openid"],
    // Authorization Code only: no implicit or hybrid flow hands a token to the front channel.
    responseTypes: ["code"],
    findAccount: (_ctx, sub) => {
      const viewer = viewerOfAccount(sub);
      if (!viewer) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, role: viewer.role, ...("unit" in viewer ? { unit: viewer.unit } : {}) }),
      };
    },
    extraTokenClaims: (_ctx, token) => {
      const viewer =
        "accountId" in token && typeof token.accountId === "string" ? viewerOfAccount(token.accountId) : null;
      if (!viewer) return undefined;
      return { role: viewer.role, ...("unit" in viewer ? { unit: viewer.unit } : {}) };
    },
    formats: {
      customizers: {
        // oidc-provider puts one audience in a token (its resource server's); a unit's staff
        // work through either door, so their tokens name both, as the contract says.
        jwt: (_ctx, token, parts) => {
          const viewer = "accountId" in token ? viewerOfAccount(token.accountId) : null;
          if (!viewer) return;
          const audiences = audiencesOf(viewer);
          parts.payload.aud = audiences.length === 1 ? audiences[0] : audiences;
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GRAPH_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => resourceServerInfo(ctx, resource),
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.set(PAGE_SECURITY_HEADERS);
          ctx.type = "html";
          ctx.body = signOutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.set(PAGE_SECURITY_HEADERS);
          ctx.type = "html";
          ctx.body = signedOutPage(ctx.oidc.client?.clientName);
        },
      },
    },
    // First-party clients: consent is given with the sign-in, never asked.
    loadExistingGrant: async (ctx) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      // The resource was accepted before anyone signed in: is it one this account may use?
      for (const indicator of Object.keys(ctx.oidc.resourceServers ?? {}))
        resourceServerInfo(ctx, indicator, session.accountId);
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await provider.Grant.find(grantId) : undefined;
      const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(" "));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers ?? {}))
        grant.addResourceScope(indicator, server.scope);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    clientBasedCORS: (_ctx, origin, client) => client.clientAuthMethod === "none" && gatewayOrigins.has(origin),
    pkce: { required: () => true },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? ACCESS_TOKEN_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_SECONDS,
      Interaction: 30 * 60,
      Session: 8 * 60 * 60,
      Grant: 8 * 60 * 60,
      ClientCredentials: 10 * 60,
      RefreshToken: 8 * 60 * 60,
      DeviceCode: 10 * 60,
      BackchannelAuthenticationRequest: 10 * 60,
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.set(PAGE_SECURITY_HEADERS);
      ctx.body = errorPage(
        "Sign-in failed",
        `${out.error}: ${out.error_description ?? "the request could not be handled"}`,
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.registerGrantType(
    DEVELOPMENT_GRANT,
    async (ctx) => {
      const { client, params } = ctx.oidc;
      const accountId = typeof params.account === "string" ? params.account : "";
      if (!viewerOfAccount(accountId)) throw new errors.InvalidGrant(`not an account: ${JSON.stringify(accountId)}`);
      let expiresIn: number | undefined;
      if (params.expires_in !== undefined) {
        expiresIn = Number(params.expires_in);
        if (!Number.isSafeInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_DEVELOPMENT_TOKEN_SECONDS)
          throw new errors.InvalidRequest(
            `expires_in: expected whole seconds from 1 to ${MAX_DEVELOPMENT_TOKEN_SECONDS}`,
          );
      }
      const resource = typeof params.resource === "string" ? params.resource : GRAPH_AUDIENCE;
      const token = new provider.AccessToken({
        accountId,
        client,
        gty: DEVELOPMENT_GRANT,
        // No grant: this grant type issues an access token and nothing else.
        grantId: undefined as unknown as string,
        ...(expiresIn !== undefined ? { expiresIn } : {}),
      });
      token.resourceServer = new provider.ResourceServer(resource, resourceServerInfo(ctx, resource, accountId));
      ctx.oidc.entity("AccessToken", token);
      const value = await token.save();
      ctx.body = { access_token: value, token_type: token.tokenType, expires_in: token.expiration };
    },
    ["account", "expires_in", "resource"],
  );

  const callback = provider.callback();
  const listener: http.RequestListener = (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
      return;
    }
    if (path.startsWith("/interaction/")) {
      handleInteraction(provider, req, res).catch((error: unknown) => {
        if (!res.headersSent)
          res.writeHead(500, { "content-type": "text/html; charset=utf-8", ...PAGE_SECURITY_HEADERS });
        res.end(errorPage("Sign-in failed", error instanceof Error ? error.message : String(error)));
      });
      return;
    }
    void callback(req, res);
  };

  return { issuer, jwksUri: `${issuer}/jwks`, tokenEndpoint: `${issuer}/token`, provider, listener };
}
