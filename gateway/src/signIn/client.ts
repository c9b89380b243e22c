/**
 * Signing a person in from a page of the gateway (the IDE, the dashboard): the
 * OAuth 2.0 Authorization Code flow with PKCE (S256) against the OpenID Connect
 * provider, a public client with no secret. The protocol is oauth4webapi's
 * (discovery, state and `iss` checks, code exchange, ID Token validation); this
 * module keeps what must survive the trip to the provider and back (state, code
 * verifier, nonce) and the token that comes back, both in the tab's
 * sessionStorage (never localStorage: it dies with the tab).
 *
 * Browser-only in use, but written against the Web APIs Node also has (fetch,
 * URL, crypto.subtle) with the storage passed in, so it is tested under mocha.
 * The page bundles it (esbuild); the gateway's own build leaves it out.
 */
import * as oauth from "oauth4webapi";
import { SIGN_IN_CONFIG_PATH, type SignInPageConfig } from "./config.js";

export interface SignInSettings {
  /** The provider's issuer (discovery at `${issuer}/.well-known/openid-configuration`). */
  issuer: string;
  /** This page's public client ID (`smart-ide`, `smart-dashboard`). */
  clientId: string;
  /** Where the provider sends the person back: the page itself, as registered with the provider. */
  redirectUri: string;
  /** The audience of the token asked for (RFC 8707), `urn:smart:graph`. */
  resource: string;
  /** Scopes asked for (default `openid`). */
  scope?: string;
}

/** What sessionStorage offers and this module uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The access token's claims as the page shows them (not verified here: the gateway verifies every request). */
export interface Claims {
  sub?: string;
  role?: string;
  unit?: string;
  iss?: string;
  exp?: number;
}

export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch: the earlier of `expires_in` and the token's `exp`. */
  expiresAt: number;
  claims: Claims;
}

export type Status = { session: Session; expired: false } | { session: null; expired: boolean };

/** The outcome of a page load: an answer from the provider handled, or none to handle. */
export type Completion =
  { kind: "none" } | { kind: "signed-in"; session: Session } | { kind: "error"; message: string };

/** Parameters an authorization response may carry in the page's address; removed once read. */
const RESPONSE_PARAMETERS = ["code", "state", "iss", "error", "error_description", "error_uri", "session_state"];
/** A token this close to its end is treated as ended: a request sent with it would likely be refused. */
const EXPIRY_MARGIN_MS = 10_000;
/** A sign-in started longer ago than this is not finished (the provider's own sessions are shorter). */
const PENDING_MAX_AGE_MS = 30 * 60_000;

interface Pending {
  state: string;
  codeVerifier: string;
  nonce: string;
  startedAt: number;
}

export interface SignInOptions {
  storage: KeyValueStore;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Loopback only: the development provider speaks plain HTTP on this machine; anything else must be HTTPS. */
function isLoopback(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** The payload of a JWT, or null when the token is not one (an opaque token). Display only. */
export function decodeClaims(token: string): Claims | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const base64 = payload
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(payload.length / 4) * 4, "=");
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims !== "object" || claims === null) return null;
    const text = (name: string) => (typeof claims[name] === "string" ? { [name]: claims[name] } : {});
    return {
      ...text("sub"),
      ...text("role"),
      ...text("unit"),
      ...text("iss"),
      ...(typeof claims.exp === "number" ? { exp: claims.exp } : {}),
    };
  } catch {
    return null;
  }
}

/** Who is signed in, in a few words: `member BE:m1 (BE)`, `unit_staff staff:BE (BE)`, `central_office central-office`. */
export function describe(claims: Claims): string {
  return [claims.role ?? "signed in", claims.sub, claims.unit ? `(${claims.unit})` : undefined]
    .filter(Boolean)
    .join(" ");
}

function explain(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ""}`;
  if (error instanceof oauth.WWWAuthenticateChallengeError) return `${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export class SignIn {
  readonly #settings: Required<SignInSettings>;
  readonly #storage: KeyValueStore;
  readonly #fetch: typeof fetch | undefined;
  readonly #now: () => number;
  readonly #issuer: URL;
  readonly #client: oauth.Client;
  readonly #keys: { pending: string; session: string; expired: string; signedOut: string };
  #server: Promise<oauth.AuthorizationServer> | undefined;

  constructor(settings: SignInSettings, options: SignInOptions) {
    this.#settings = { scope: "openid", ...settings };
    this.#storage = options.storage;
    this.#fetch = options.fetch;
    this.#now = options.now ?? Date.now;
    this.#issuer = new URL(settings.issuer);
    if (this.#issuer.protocol !== "https:" && !(this.#issuer.protocol === "http:" && isLoopback(this.#issuer)))
      throw new Error(`The identity provider must be reached over HTTPS (not ${settings.issuer}).`);
    this.#client = { client_id: settings.clientId };
    const prefix = `smart-sign-in:${settings.clientId}`;
    this.#keys = {
      pending: `${prefix}:pending`,
      session: `${prefix}:session`,
      expired: `${prefix}:expired`,
      signedOut: `${prefix}:signed-out`,
    };
  }

  /** oauth4webapi's options for every request to the provider. */
  #requestOptions(): { [oauth.customFetch]?: typeof fetch; [oauth.allowInsecureRequests]?: boolean } {
    return {
      ...(this.#fetch ? { [oauth.customFetch]: this.#fetch } : {}),
      ...(this.#issuer.protocol === "http:" ? { [oauth.allowInsecureRequests]: true } : {}),
    };
  }

  /** The provider's metadata from its discovery document (fetched once; again after a failure). */
  #authorizationServer(): Promise<oauth.AuthorizationServer> {
    this.#server ??= oauth
      .discoveryRequest(this.#issuer, { algorithm: "oidc", ...this.#requestOptions() })
      .then((response) => oauth.processDiscoveryResponse(this.#issuer, response))
      .catch((error: unknown) => {
        this.#server = undefined;
        throw new Error(`The identity provider (${this.#issuer.href}) could not be reached: ${explain(error)}`);
      });
    return this.#server;
  }

  /**
   * Where to send the browser to sign in: the provider's authorization endpoint
   * with a fresh state, nonce and PKCE challenge, remembered for the way back.
   * After a sign-out the provider is asked to show its login again (`prompt=login`).
   */
  async authorizationUrl(): Promise<string> {
    const server = await this.#authorizationServer();
    if (!server.authorization_endpoint) throw new Error("The identity provider names no authorization endpoint.");
    const pending: Pending = {
      state: oauth.generateRandomState(),
      codeVerifier: oauth.generateRandomCodeVerifier(),
      nonce: oauth.generateRandomNonce(),
      startedAt: this.#now(),
    };
    const url = new URL(server.authorization_endpoint);
    const parameters: Record<string, string> = {
      response_type: "code",
      client_id: this.#settings.clientId,
      redirect_uri: this.#settings.redirectUri,
      scope: this.#settings.scope,
      resource: this.#settings.resource,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
    };
    if (this.#storage.getItem(this.#keys.signedOut)) parameters.prompt = "login";
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    this.#storage.setItem(this.#keys.pending, JSON.stringify(pending));
    return url.href;
  }

  /** The page's address without the provider's answer in it (for history.replaceState). */
  static cleanUrl(href: string): string {
    const url = new URL(href);
    for (const name of RESPONSE_PARAMETERS) url.searchParams.delete(name);
    return url.href;
  }

  /** Whether the address carries an answer from the provider. */
  static isAuthorizationResponse(href: string): boolean {
    const parameters = new URL(href).searchParams;
    return parameters.has("state") && (parameters.has("code") || parameters.has("error"));
  }

  /**
   * Finishes a sign-in when the page's address is the provider's answer: checks
   * the state (and `iss`) against the sign-in this tab started, exchanges the
   * code with the PKCE verifier for a token for the resource, validates the ID
   * Token, and keeps the access token for the tab. The started sign-in is used
   * once, whatever the outcome.
   */
  async complete(href: string): Promise<Completion> {
    if (!SignIn.isAuthorizationResponse(href)) return { kind: "none" };
    const raw = this.#storage.getItem(this.#keys.pending);
    this.#storage.removeItem(this.#keys.pending);
    let pending: Pending | null = null;
    try {
      pending = raw ? (JSON.parse(raw) as Pending) : null;
    } catch {
      pending = null;
    }
    const response = new URL(href).searchParams;
    if (!pending || this.#now() - pending.startedAt > PENDING_MAX_AGE_MS) {
      const error = response.get("error");
      return {
        kind: "error",
        message: error
          ? `Sign-in refused: ${error}${response.get("error_description") ? `: ${response.get("error_description")}` : ""}`
          : "This sign-in answer was not started from this tab (or was already used, or is too old): sign in again.",
      };
    }
    try {
      const server = await this.#authorizationServer();
      const parameters = oauth.validateAuthResponse(server, this.#client, response, pending.state);
      const tokenResponse = await oauth.authorizationCodeGrantRequest(
        server,
        this.#client,
        oauth.None(),
        parameters,
        this.#settings.redirectUri,
        pending.codeVerifier,
        { additionalParameters: { resource: this.#settings.resource }, ...this.#requestOptions() },
      );
      const result = await oauth.processAuthorizationCodeResponse(server, this.#client, tokenResponse, {
        expectedNonce: pending.nonce,
      });
      const session = this.#keep(result);
      return { kind: "signed-in", session };
    } catch (error) {
      const refused = error instanceof oauth.AuthorizationResponseError;
      return { kind: "error", message: `${refused ? "Sign-in refused" : "Sign-in failed"}: ${explain(error)}` };
    }
  }

  #keep(result: oauth.TokenEndpointResponse): Session {
    if (result.token_type.toLowerCase() !== "bearer")
      throw new Error(`expected a bearer token, got ${result.token_type}`);
    const idClaims = oauth.getValidatedIdTokenClaims(result);
    const claims = decodeClaims(result.access_token) ?? (idClaims ? { sub: idClaims.sub } : {});
    const now = this.#now();
    const ends = [
      result.expires_in !== undefined ? now + result.expires_in * 1000 : undefined,
      claims.exp !== undefined ? claims.exp * 1000 : undefined,
    ];
    const expiresAt = Math.min(...ends.filter((t): t is number => t !== undefined), now + 24 * 3600_000);
    const session: Session = { accessToken: result.access_token, expiresAt, claims };
    this.#storage.setItem(this.#keys.session, JSON.stringify(session));
    this.#storage.removeItem(this.#keys.expired);
    this.#storage.removeItem(this.#keys.signedOut);
    return session;
  }

  /** The person signed in in this tab, if any; an ended token is dropped, and `expired` says so until the next sign-in. */
  status(): Status {
    const raw = this.#storage.getItem(this.#keys.session);
    if (raw) {
      try {
        const session = JSON.parse(raw) as Session;
        if (typeof session.accessToken === "string" && this.#now() < session.expiresAt - EXPIRY_MARGIN_MS)
          return { session, expired: false };
      } catch {
        // Unreadable: dropped below, as an ended token is.
      }
      this.expire();
    }
    return { session: null, expired: Boolean(this.#storage.getItem(this.#keys.expired)) };
  }

  /** The bearer token to send, or null (anonymous). */
  accessToken(): string | null {
    return this.status().session?.accessToken ?? null;
  }

  /** The gateway refused the token (401), or it ended: forget it, and say "sign in again". */
  expire(): void {
    this.#storage.removeItem(this.#keys.session);
    this.#storage.setItem(this.#keys.expired, "1");
  }

  /** Forgets the token in this tab; the next sign-in asks the provider for its login form again. */
  signOut(): void {
    this.#storage.removeItem(this.#keys.session);
    this.#storage.removeItem(this.#keys.expired);
    this.#storage.removeItem(this.#keys.pending);
    this.#storage.setItem(this.#keys.signedOut, "1");
  }
}

/** The gateway's pages and the address the provider sends each back to (registered with the provider). */
export const PAGE_PATHS = { ide: "/graphql", dashboard: "/dashboard/", participate: "/participate/" } as const;

export interface PageSignIn {
  /** Null when the gateway has no provider (GET /sign-in.json: 404) or could not say which: the page stays anonymous. */
  signIn: SignIn | null;
  /** What to tell the person: the provider's refusal, a failed sign-in, or why signing in is not possible. */
  error: string | null;
}

/**
 * What a page does first: reads the gateway's sign-in settings, and when its
 * address is the provider's answer, finishes the sign-in and takes the answer
 * out of the address bar (`replaceUrl`, i.e. history.replaceState).
 */
export async function signInForPage(
  page: keyof typeof PAGE_PATHS,
  env: { href: string; storage: KeyValueStore; replaceUrl(href: string): void; fetch?: typeof fetch },
): Promise<PageSignIn> {
  const fetcher = env.fetch ?? fetch;
  const answered = SignIn.isAuthorizationResponse(env.href);
  if (answered) env.replaceUrl(SignIn.cleanUrl(env.href));
  let config: SignInPageConfig | null = null;
  let error: string | null = null;
  try {
    const response = await fetcher(new URL(SIGN_IN_CONFIG_PATH, env.href), { headers: { accept: "application/json" } });
    if (response.ok) config = (await response.json()) as SignInPageConfig;
    else if (response.status !== 404) error = `The gateway could not say how to sign in (HTTP ${response.status}).`;
  } catch (cause) {
    error = `The gateway could not say how to sign in: ${explain(cause)}`;
  }
  if (!config)
    return {
      signIn: null,
      error: error ?? (answered ? "This gateway signs no one in (it has no identity provider)." : null),
    };
  let signIn: SignIn;
  try {
    signIn = new SignIn(
      {
        issuer: config.issuer,
        clientId: config.clients[page],
        redirectUri: new URL(PAGE_PATHS[page], env.href).href,
        resource: config.resource,
        scope: config.scope,
      },
      { storage: env.storage, ...(env.fetch ? { fetch: env.fetch } : {}) },
    );
  } catch (cause) {
    return { signIn: null, error: explain(cause) };
  }
  if (!answered) return { signIn, error: null };
  const outcome = await signIn.complete(env.href);
  return { signIn, error: outcome.kind === "error" ? outcome.message : null };
}
