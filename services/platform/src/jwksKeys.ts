import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";

/**
 * The identity provider's public keys, read from its JWKS and kept: refreshed in the
 * background every `refreshMs`, and at once (at most every `cooldownMs`) when a token
 * names a `kid` the set lacks — that is how a key rotation reaches us. When the JWKS
 * cannot be fetched the last good keys stay in use for `staleMs`, and `state()` says
 * so (GET /ready shows it); past that, no token verifies.
 */
export interface JwksKeys {
  /** jose's key resolver for jwtVerify. */
  getKey: JWTVerifyGetKey;
  state(): JwksState;
  /** Fetches the set now (the first time, at start). */
  refresh(): Promise<void>;
  stop(): void;
}

export type JwksState =
  | { keys: "fresh"; fetchedAt: string }
  | { keys: "stale"; fetchedAt: string; error: string; usableUntil: string }
  | { keys: "expired"; fetchedAt: string; error: string }
  | { keys: "none"; error: string };

export interface JwksKeysOptions {
  /** Background refresh (default 5 min). */
  refreshMs?: number;
  /** Least time between two fetches caused by unknown `kid`s (default 30 s): garbage tokens must not hammer the provider. */
  cooldownMs?: number;
  /** How long the last good keys serve while the JWKS cannot be fetched (default 24 h). */
  staleMs?: number;
  /** Deadline of one fetch (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
}

/** Why no key verifies a token: the verifier's message names it. */
export class KeysUnavailableError extends Error {
  override name = "KeysUnavailableError";
}

export function jwksKeys(jwksUri: string, options: JwksKeysOptions = {}): JwksKeys {
  const refreshMs = options.refreshMs ?? 300_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const staleMs = options.staleMs ?? 24 * 3_600_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  let local: JWTVerifyGetKey | undefined;
  let fetchedAt = 0;
  let lastError: string | undefined;
  let lastAttempt = 0;
  let inFlight: Promise<void> | undefined;

  const fetchOnce = async () => {
    lastAttempt = now();
    try {
      const response = await fetch(jwksUri, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: "application/json" },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as JSONWebKeySet;
      if (!body || !Array.isArray(body.keys)) throw new Error("not a JWKS");
      local = createLocalJWKSet(body);
      fetchedAt = now();
      lastError = undefined;
    } catch (error) {
      lastError = `${jwksUri}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    }
  };
  const refresh = () => (inFlight ??= fetchOnce().finally(() => (inFlight = undefined)));
  const usable = () => local !== undefined && now() - fetchedAt <= staleMs + refreshMs;

  const timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (!local || (!usable() && now() - lastAttempt >= cooldownMs)) await refresh();
    if (!local || !usable())
      throw new KeysUnavailableError(`the identity provider's keys cannot be had (${lastError ?? "never fetched"})`);
    try {
      return await local(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || now() - lastAttempt < cooldownMs) throw error;
      // A kid we do not know: perhaps the provider has rotated. Ask once, then decide.
      await refresh();
      return local(header, token);
    }
  };

  return {
    getKey,
    refresh,
    stop: () => clearInterval(timer),
    state(): JwksState {
      if (!local) return { keys: "none", error: lastError ?? "not fetched yet" };
      const at = new Date(fetchedAt).toISOString();
      if (!lastError) return { keys: "fresh", fetchedAt: at };
      if (usable())
        return {
          keys: "stale",
          fetchedAt: at,
          error: lastError,
          usableUntil: new Date(fetchedAt + staleMs + refreshMs).toISOString(),
        };
      return { keys: "expired", fetchedAt: at, error: lastError };
    },
  };
}
