import { jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";
import { GraphQLError } from "graphql";
import { z } from "zod";
import { ConfigError, readConfig } from "./config.js";
import { countryOfId } from "./ids.js";
import { KeysUnavailableError } from "./jwksKeys.js";
import { isCountryCode, type CountryCode } from "./units.js";

/**
 * Who is calling. A person's token is `Authorization: Bearer <JWT>`, an access token
 * from the cooperative's OpenID Connect provider, signed with one of its asymmetric
 * keys (published in its JWKS): no service holds a key that can mint one. Each
 * service accepts only tokens naming it in `aud` (AUTH_AUDIENCE): the European graph
 * (the gateway) for everyone, a unit's own endpoint for its staff only.
 */
export type Viewer =
  | { role: "anonymous" }
  | { role: "member"; unit: CountryCode; sub: string }
  | { role: "unit_staff"; unit: CountryCode }
  | { role: "central_office" }
  | ServiceViewer;

/**
 * The gateway's own work (routerProtocol/viewerHeader.ts): its live indicators, its
 * member-rights retry worker, its ballots (the general assembly's vote: central
 * is told a ballot by this work, never by the member who cast it), and its unit directory (which
 * units central has admitted). Exists only on a call the gateway signed; no
 * token can carry it, and each unit lets it do exactly what that work needs.
 */
export type ServiceWork = "indicators" | "member_rights" | "ballots" | "unit_directory";
export type ServiceViewer = { role: "service"; work: ServiceWork };

/** The roles a token carries (never `service`). */
export type Role = Exclude<Viewer["role"], "anonymous" | "service">;
export const ROLES: readonly Role[] = ["member", "unit_staff", "central_office"];
export const ANONYMOUS: Viewer = { role: "anonymous" };

/** The audience of the European graph: the gateway accepts tokens naming it. */
export const GRAPH_AUDIENCE = "urn:smart:graph";
/** The audience of one unit's own endpoint (its staff's tokens name it beside the graph's). */
export const unitAudience = (unit: CountryCode) => `urn:smart:unit:${unit.toLowerCase()}`;
/** Central's own audience: no person's token names it, so central serves people only through the gateway. */
export const CENTRAL_AUDIENCE = "urn:smart:central";

/** The development identity provider of `npm start` (services/identity). */
export const DEVELOPMENT_ISSUER = "http://localhost:4020";

/** Where a service's callers' tokens come from, and the audience it is. */
export interface AuthSettings {
  issuer: string;
  jwksUri: string;
  audience: string;
}

/**
 * AUTH_ISSUER, AUTH_JWKS_URI (default: the issuer's `/jwks`) and AUTH_AUDIENCE (default
 * `audience`); outside production the issuer defaults to the development provider,
 * production refuses to start without one.
 */
export function authSettingsFromEnv(env: NodeJS.ProcessEnv, audience: string): AuthSettings {
  const config = readConfig(
    {
      AUTH_ISSUER: z.string().url("expected the identity provider's issuer URL").optional(),
      AUTH_JWKS_URI: z.string().url("expected the URL of the identity provider's JWKS").optional(),
      AUTH_AUDIENCE: z.string().min(1).default(audience),
    },
    env,
  );
  if (!config.AUTH_ISSUER && env.NODE_ENV === "production") {
    throw new ConfigError("AUTH_ISSUER: required when NODE_ENV=production (the OpenID Connect provider's issuer URL)");
  }
  const issuer = config.AUTH_ISSUER ?? DEVELOPMENT_ISSUER;
  return {
    issuer,
    jwksUri: config.AUTH_JWKS_URI ?? `${issuer.replace(/\/$/, "")}/jwks`,
    audience: config.AUTH_AUDIENCE,
  };
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** Turns claims into a Viewer, or says what is wrong with them. */
function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  const { role, unit, sub } = claims;
  switch (role) {
    case "central_office":
      return { role };
    case "unit_staff":
      if (!isCountryCode(unit))
        throw unauthenticated("Token: a unit_staff token needs a `unit` claim naming a Smart unit.");
      return { role, unit };
    case "member":
      if (!isCountryCode(unit))
        throw unauthenticated("Token: a member token needs a `unit` claim naming a Smart unit.");
      if (typeof sub !== "string" || countryOfId(sub) !== unit)
        throw unauthenticated("Token: a member token needs a `sub` claim with the member's ID in its unit.");
      return { role, unit, sub };
    default:
      throw unauthenticated(
        `Token: unknown role ${JSON.stringify(role)}; expected member, unit_staff or central_office.`,
      );
  }
}

export interface TokenVerifier {
  /** The Viewer of an `Authorization` header value; throws UNAUTHENTICATED (HTTP 401) for a bad token — never falls back to anonymous. */
  viewerOf(authorization: string | undefined): Promise<Viewer>;
}

export interface TokenRules {
  /** The longest a token may live, `exp` − `iat`, in seconds (default 24 h). */
  maxLifetimeSeconds?: number;
  /** Clock difference tolerated on `exp` and `iat`, in seconds (default 60). */
  clockSkewSeconds?: number;
}

export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/** The token rules from JWT_MAX_LIFETIME_SECONDS (default 24 h); a bad value is a ConfigError. */
export function tokenRulesFromEnv(env: NodeJS.ProcessEnv = process.env): TokenRules {
  const { JWT_MAX_LIFETIME_SECONDS } = readConfig(
    {
      JWT_MAX_LIFETIME_SECONDS: z.coerce
        .number()
        .int("expected whole seconds")
        .min(60, "expected at least 60 s")
        .default(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS),
    },
    env,
  );
  return { maxLifetimeSeconds: JWT_MAX_LIFETIME_SECONDS };
}
const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Verified tokens kept, each until its `exp`: a caller sends the same token request after request. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Only asymmetric signatures: an HS256 token would be signed with a key its verifier holds, `none` with none. */
export const TOKEN_ALGORITHMS = ["ES256", "ES384", "EdDSA", "RS256", "PS256"];

export interface TokenVerifierOptions extends TokenRules {
  issuer: string;
  audience: string;
  /** The provider's keys (jwksKeys), by `kid`. */
  keys: JWTVerifyGetKey;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  const clockTolerance = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  // Only good tokens are kept, each no longer than it is valid (ttl from its exp): a cached
  // verdict is the one jwtVerify would give until then. Bad ones are verified every time.
  const verified = new LRUCache<string, Viewer>({ max: VERIFIED_TOKENS_KEPT, ttlAutopurge: false });
  return {
    async viewerOf(authorization) {
      if (authorization == null || authorization === "") return ANONYMOUS;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw unauthenticated("Authorization header: expected `Bearer <token>`.");
      const token = match[1]!;
      const cached = verified.get(token);
      if (cached) return cached;
      try {
        const { payload } = await jwtVerify(token, options.keys, {
          algorithms: TOKEN_ALGORITHMS,
          issuer: options.issuer,
          audience: options.audience,
          requiredClaims: ["exp", "iat", "sub"],
          // Also refuses an `iat` in the future (beyond the skew).
          maxTokenAge: maxLifetime,
          clockTolerance,
        });
        // An `exp` far ahead (1e308) with a fresh `iat` would otherwise never expire.
        if (payload.exp! - payload.iat! > maxLifetime)
          throw unauthenticated(`Token lives longer than ${maxLifetime} s (exp − iat); ask for a shorter-lived one.`);
        const viewer = viewerFromClaims(payload);
        const ttl = (payload.exp! + clockTolerance) * 1000 - Date.now();
        if (ttl > 0) verified.set(token, viewer, { ttl });
        return viewer;
      } catch (error) {
        throw refusal(error, options);
      }
    },
  };
}

/** What is wrong with a token, in the words a caller can act on. */
function refusal(error: unknown, { issuer, audience }: { issuer: string; audience: string }): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof KeysUnavailableError) return unauthenticated(`Token cannot be verified now: ${error.message}.`);
  if (error instanceof joseErrors.JWTExpired) return unauthenticated("Token expired.");
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return unauthenticated(
      `Token: only tokens signed by the identity provider's keys (${TOKEN_ALGORITHMS.join(", ")}) are accepted.`,
    );
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return unauthenticated("Token: signed with a key (kid) the identity provider does not publish.");
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return unauthenticated(`Token: claim \`${error.claim}\` is missing.`);
    if (error.claim === "aud")
      return unauthenticated(`Token is not for this service: its audience must include ${audience}.`);
    if (error.claim === "iss")
      return unauthenticated(`Token from another issuer: this service accepts tokens from ${issuer}.`);
    if (error.claim === "iat") return unauthenticated("Token issued in the future, or too long ago.");
    return unauthenticated(`Token: claim \`${error.claim}\` is not valid.`);
  }
  return unauthenticated("Token is not valid (malformed or wrongly signed).");
}
