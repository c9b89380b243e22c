/**
 * Getting a development token from the development provider over HTTP: what
 * `npm run token` and the tests' `issue` do. Imports no oidc-provider, so a CLI can use it.
 */
import { accountOf, type PersonViewer } from "./accounts.js";

/** Where `npm start` runs the development provider (IDP_PORT); its issuer is `http://localhost:<port>`. */
export const DEFAULT_IDP_PORT = 4020;

/** The development provider's issuer on this machine. */
export const localIssuer = (port: number) => `http://localhost:${port}`;

/** The development-only grant type, advertised in the provider's discovery: a token for a named account, no sign-in. */
export const DEVELOPMENT_GRANT = "urn:smart:params:oauth:grant-type:development-token";

/**
 * The confidential client allowed that grant. Its secret is public on purpose: the
 * provider that knows it lets anyone sign in as anyone, and refuses to run in production.
 */
export const DEVELOPMENT_TOOLS_CLIENT = { id: "smart-dev-tools", secret: "smart-dev-tools-development-only" } as const;

/** The longest a development token may live (the verifiers' default maximum lifetime). */
export const MAX_DEVELOPMENT_TOKEN_SECONDS = 24 * 60 * 60;

export interface DevelopmentTokenOptions {
  /** Lifetime in seconds (default: the provider's, 1 h); 1 to 86,400. */
  expiresInSeconds?: number;
  /** A resource indicator (default urn:smart:graph); the audience still follows the role. */
  resource?: string;
  fetch?: typeof fetch;
}

export interface DevelopmentToken {
  accessToken: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Thrown when the provider refuses, or when the issuer is not the development provider. */
export class DevelopmentTokenError extends Error {
  override name = "DevelopmentTokenError";
}

const basicAuth = `Basic ${Buffer.from(`${encodeURIComponent(DEVELOPMENT_TOOLS_CLIENT.id)}:${encodeURIComponent(DEVELOPMENT_TOOLS_CLIENT.secret)}`).toString("base64")}`;

/** Asks `tokenEndpoint` for a token for `viewer` through the development grant. */
export async function requestDevelopmentToken(
  tokenEndpoint: string,
  viewer: PersonViewer,
  options: DevelopmentTokenOptions = {},
): Promise<DevelopmentToken> {
  const body = new URLSearchParams({ grant_type: DEVELOPMENT_GRANT, account: accountOf(viewer) });
  if (options.expiresInSeconds !== undefined) body.set("expires_in", String(options.expiresInSeconds));
  if (options.resource !== undefined) body.set("resource", options.resource);
  const response = await (options.fetch ?? fetch)(tokenEndpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      authorization: basicAuth,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || typeof answer.access_token !== "string") {
    const reason = answer.error
      ? `${answer.error}${answer.error_description ? `: ${answer.error_description}` : ""}`
      : `HTTP ${response.status}`;
    throw new DevelopmentTokenError(`${tokenEndpoint} refused a token for ${accountOf(viewer)} (${reason})`);
  }
  return { accessToken: answer.access_token, expiresAt: Math.floor(Date.now() / 1000) + (answer.expires_in ?? 0) };
}

export interface ProviderMetadata {
  issuer: string;
  token_endpoint: string;
  jwks_uri: string;
  grant_types_supported?: string[];
}

/**
 * The discovery document of `issuer`, if it is the development provider (it advertises
 * the development grant); throws otherwise, so no development tool talks to a real provider.
 */
export async function discoverDevelopmentProvider(
  issuer: string,
  options: { fetch?: typeof fetch } = {},
): Promise<ProviderMetadata> {
  const base = issuer.replace(/\/+$/, "");
  const url = `${base}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new DevelopmentTokenError(
      `No identity provider answers at ${base} (${cause}). Start the stack (npm start) or set IDP_ISSUER.`,
    );
  }
  if (!response.ok)
    throw new DevelopmentTokenError(`${url}: HTTP ${response.status}; is ${base} an OpenID Connect provider?`);
  const metadata = (await response.json()) as ProviderMetadata;
  if (metadata.issuer?.replace(/\/+$/, "") !== base)
    throw new DevelopmentTokenError(`${url} names the issuer ${metadata.issuer}, not ${base}.`);
  if (!metadata.grant_types_supported?.includes(DEVELOPMENT_GRANT))
    throw new DevelopmentTokenError(
      `${base} is not the development identity provider (its discovery does not offer the development grant): ` +
        "development tokens are never minted by a production issuer. Sign in through your provider instead.",
    );
  return metadata;
}
