import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { GraphQLError } from "graphql";
import { ConfigError } from "../config.js";

/**
 * The gateway signs every call it makes to a unit or to central: HMAC-SHA256,
 * keyed by GATEWAY_SIGNING_SECRET, over the time of the call, the caller's
 * Authorization it forwards and the exact body. A unit trusts a signed request
 * with the router's namespace and pricing; anything else is held to the rules of
 * a direct caller. Timestamps older (or newer) than the allowed skew are replays.
 */
export const SIGNATURE_HEADER = "x-smart-gateway-signature";
export const SIGNATURE_TIMESTAMP_HEADER = "x-smart-gateway-timestamp";
const SCHEME = "v1";

/** How far a signed request's timestamp may be from the unit's clock. */
export const SIGNATURE_MAX_AGE_SECONDS = 60;

/** Used when GATEWAY_SIGNING_SECRET is unset outside production; announced loudly at start. */
export const DEVELOPMENT_SIGNING_SECRET = "smart-europe-graph-development-gateway-signing-secret";

export interface SignedParts {
  /** Unix seconds. */
  timestamp: number;
  authorization: string | undefined;
  body: string | Uint8Array;
}

function digest(secret: string, { timestamp, authorization, body }: SignedParts): Buffer {
  const bodyHash = createHash("sha256").update(body).digest("hex");
  return createHmac("sha256", secret)
    .update(`${SCHEME}\n${timestamp}\n${authorization ?? ""}\n${bodyHash}`)
    .digest();
}

/** The headers that sign one call. */
export function signatureHeaders(secret: string, parts: SignedParts): Record<string, string> {
  return {
    [SIGNATURE_TIMESTAMP_HEADER]: String(parts.timestamp),
    [SIGNATURE_HEADER]: `${SCHEME}=${digest(secret, parts).toString("hex")}`,
  };
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

export interface SignatureVerifier {
  /**
   * True for a request the gateway signed, false for one with no signature;
   * throws UNAUTHENTICATED (HTTP 401) for a signature that does not verify or is
   * out of date: a forged or replayed call is refused, never downgraded.
   */
  isSignedByGateway(headers: { signature?: string; timestamp?: string; authorization?: string }, body: Uint8Array | string | undefined): boolean;
}

/**
 * Verifies with any of `secrets`: the current one first, then the one also
 * accepted while a rotation is under way (see signingSecrets).
 */
export function createSignatureVerifier(secrets: readonly string[], now: () => number = () => Date.now() / 1000): SignatureVerifier {
  if (!secrets.length) throw new Error("createSignatureVerifier: at least one secret");
  return {
    isSignedByGateway({ signature, timestamp, authorization }, body) {
      if (signature === undefined && timestamp === undefined) return false;
      const match = signature === undefined ? null : /^v1=([0-9a-f]{64})$/.exec(signature);
      const seconds = timestamp !== undefined && /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
      if (!match || Number.isNaN(seconds)) throw unauthenticated("Gateway signature: malformed.");
      if (Math.abs(now() - seconds) > SIGNATURE_MAX_AGE_SECONDS) throw unauthenticated("Gateway signature: out of date (a replay?).");
      const given = Buffer.from(match[1]!, "hex");
      const parts = { timestamp: seconds, authorization, body: body ?? "" };
      if (!secrets.some((secret) => timingSafeEqual(digest(secret, parts), given))) throw unauthenticated("Gateway signature: does not verify.");
      return true;
    },
  };
}

export interface SigningSecrets {
  /** Signs (gateway), verifies (units), seals cursors. */
  current: string;
  /** Also accepted — never used to sign or seal — while a rotation is under way. */
  accepted?: string;
}

/**
 * GATEWAY_SIGNING_SECRET (and GATEWAY_SIGNING_SECRET_ACCEPTED during a rotation),
 * or the development secret with a warning; production refuses to start without one.
 *
 * Rotating without downtime, every process in any order at each step: (1) set
 * GATEWAY_SIGNING_SECRET_ACCEPTED to the new secret; (2) swap them: the new one
 * in GATEWAY_SIGNING_SECRET, the old one in ..._ACCEPTED; (3) remove ..._ACCEPTED.
 * At every moment each process accepts what any other one signs or seals.
 */
export function signingSecrets(env: NodeJS.ProcessEnv = process.env, warn: (line: string) => void = console.warn): SigningSecrets {
  const current = env.GATEWAY_SIGNING_SECRET;
  const accepted = env.GATEWAY_SIGNING_SECRET_ACCEPTED || undefined;
  for (const [name, value] of [
    ["GATEWAY_SIGNING_SECRET", current],
    ["GATEWAY_SIGNING_SECRET_ACCEPTED", accepted],
  ] as const) {
    if (value && value.length < 32) throw new ConfigError(`${name}: use at least 32 characters`);
  }
  if (current) return { current, ...(accepted ? { accepted } : {}) };
  if (accepted) throw new ConfigError("GATEWAY_SIGNING_SECRET_ACCEPTED: set only beside GATEWAY_SIGNING_SECRET, during a rotation");
  if (env.NODE_ENV === "production") {
    throw new ConfigError(
      "GATEWAY_SIGNING_SECRET: required when NODE_ENV=production (HMAC secret shared by the gateway and the subgraphs, at least 32 characters)",
    );
  }
  warn("!!! GATEWAY_SIGNING_SECRET is not set: using the PUBLIC DEVELOPMENT SECRET. Anyone can pose as the gateway. Never do this in production. !!!");
  return { current: DEVELOPMENT_SIGNING_SECRET };
}

/** The secrets to verify and open with, the current one first. */
export const secretList = (secrets: SigningSecrets): string[] => [secrets.current, ...(secrets.accepted ? [secrets.accepted] : [])];
