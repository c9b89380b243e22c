import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { LRUCache } from "lru-cache";
import { GraphQLError } from "graphql";
import { z } from "zod";
import { ConfigError, readConfig } from "./config.js";
import { countryOfId } from "./ids.js";
import { isCountryCode, type CountryCode } from "./units.js";

/**
 * Who is calling. Tokens are `Authorization: Bearer <JWT>`, HS256 with JWT_SECRET;
 * the gateway verifies them and forwards them, and every subgraph verifies again,
 * so a unit reached directly holds callers to the same rules.
 */
export type Viewer =
  | { role: "anonymous" }
  | { role: "member"; unit: CountryCode; sub: string }
  | { role: "unit_staff"; unit: CountryCode }
  | { role: "central_office" }
  | ServiceViewer;

/**
 * The gateway's own work (routerProtocol/viewerHeader.ts): its live indicators and
 * its member-rights retry worker. Exists only on a call the gateway signed; no
 * token can carry it, and each unit lets it do exactly what that work needs.
 */
export type ServiceWork = "indicators" | "member_rights";
export type ServiceViewer = { role: "service"; work: ServiceWork };

/** The roles a token carries (never `service`). */
export type Role = Exclude<Viewer["role"], "anonymous" | "service">;
export const ROLES: readonly Role[] = ["member", "unit_staff", "central_office"];
export const ANONYMOUS: Viewer = { role: "anonymous" };

/** Used when JWT_SECRET is unset outside production; announced loudly at start. */
export const DEVELOPMENT_JWT_SECRET = "smart-europe-graph-development-secret-do-not-use-in-production";

/** JWT_SECRET, or the development secret (with a warning) — production refuses to start without one. */
export function jwtSecret(env: NodeJS.ProcessEnv = process.env, warn: (line: string) => void = console.warn): string {
  const secret = env.JWT_SECRET;
  if (secret) {
    if (secret.length < 32) throw new ConfigError("JWT_SECRET: use at least 32 characters");
    return secret;
  }
  if (env.NODE_ENV === "production") throw new ConfigError("JWT_SECRET: required when NODE_ENV=production (HS256 secret, at least 32 characters)");
  warn("!!! JWT_SECRET is not set: using the PUBLIC DEVELOPMENT SECRET. Anyone can forge tokens. Never do this in production. !!!");
  return DEVELOPMENT_JWT_SECRET;
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** Turns claims into a Viewer, or says what is wrong with them. */
function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  const { role, unit, sub } = claims;
  switch (role) {
    case "central_office":
      return { role };
    case "unit_staff":
      if (!isCountryCode(unit)) throw unauthenticated("Token: a unit_staff token needs a `unit` claim naming a Smart unit.");
      return { role, unit };
    case "member":
      if (!isCountryCode(unit)) throw unauthenticated("Token: a member token needs a `unit` claim naming a Smart unit.");
      if (typeof sub !== "string" || countryOfId(sub) !== unit)
        throw unauthenticated("Token: a member token needs a `sub` claim with the member's ID in its unit.");
      return { role, unit, sub };
    default:
      throw unauthenticated(`Token: unknown role ${JSON.stringify(role)}; expected member, unit_staff or central_office.`);
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
    { JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int("expected whole seconds").min(60, "expected at least 60 s").default(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS) },
    env,
  );
  return { maxLifetimeSeconds: JWT_MAX_LIFETIME_SECONDS };
}
const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Verified tokens kept, each until its `exp`: a caller sends the same token request after request. */
const VERIFIED_TOKENS_KEPT = 10_000;

export function createTokenVerifier(secret: string, rules: TokenRules = {}): TokenVerifier {
  const key = new TextEncoder().encode(secret);
  const maxLifetime = rules.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  const clockTolerance = rules.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  // Only good tokens are kept, each no longer than it is valid (ttl from its exp): a cached
  // verdict is the one jwtVerify would give until then. Bad ones are verified every time.
  const verified = new LRUCache<string, Viewer>({ max: VERIFIED_TOKENS_KEPT, ttlAutopurge: false });
  return {
    async viewerOf(authorization) {
      if (authorization == null || authorization === "") return ANONYMOUS;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw unauthenticated("Authorization header: expected `Bearer <token>`.");
      const cached = verified.get(match[1]!);
      if (cached) return cached;
      try {
        const { payload } = await jwtVerify(match[1]!, key, {
          algorithms: ["HS256"],
          requiredClaims: ["exp", "iat"],
          // Also refuses an `iat` in the future (beyond the skew).
          maxTokenAge: maxLifetime,
          clockTolerance,
        });
        // An `exp` far ahead (1e308) with a fresh `iat` would otherwise never expire.
        if (payload.exp! - payload.iat! > maxLifetime)
          throw unauthenticated(`Token lives longer than ${maxLifetime} s (exp − iat); ask for a shorter-lived one.`);
        const viewer = viewerFromClaims(payload);
        const ttl = (payload.exp! + clockTolerance) * 1000 - Date.now();
        if (ttl > 0) verified.set(match[1]!, viewer, { ttl });
        return viewer;
      } catch (error) {
        if (error instanceof GraphQLError) throw error;
        if (error instanceof joseErrors.JWTExpired) throw unauthenticated("Token expired.");
        throw unauthenticated("Token is not valid (malformed, wrongly signed, issued in the future, or missing `exp` or `iat`).");
      }
    },
  };
}

/** Signs a token (development tool, tests). */
export async function signToken(viewer: Exclude<Viewer, { role: "anonymous" }>, secret: string, expiresIn: string | number = "12h"): Promise<string> {
  const { role, ...rest } = viewer;
  return new SignJWT({ role, ...rest }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}
