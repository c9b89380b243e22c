import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PersonViewer } from "./accounts.js";
import { localIssuer, requestDevelopmentToken } from "./developmentToken.js";
import { buildIdentityProvider, DEFAULT_GATEWAY_URL } from "./provider.js";

export interface StartIdentityProviderOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** The gateway's public URL, on whose origin the IDE and dashboard are sent back (default PUBLIC_GATEWAY_URL or http://localhost:4000). */
  gatewayUrl?: string;
  /** Where to listen (default 127.0.0.1); the issuer is always http://localhost:<port>. */
  host?: string;
}

export interface RunningIdentityProvider {
  /** `http://localhost:<port>`. */
  issuer: string;
  /** `<issuer>/jwks`. */
  jwksUri: string;
  /** A real access token for `viewer` from the running provider, over HTTP (the development grant). Cached per viewer until near expiry. */
  issue(viewer: PersonViewer, options?: { expiresInSeconds?: number }): Promise<string>;
  /** Stops it once every caller that started it has stopped it. */
  stop(): Promise<void>;
}

interface Shared {
  users: number;
  running: Promise<{ issuer: string; jwksUri: string; tokenEndpoint: string; close(): Promise<void> }>;
}

/** One provider per port and gateway URL in a process, however many test files start it. */
const shared = new Map<string, Shared>();

/** A token is reused while it has at least this much of its life left, and half of it. */
const REUSE_MARGIN_SECONDS = 60;

async function listenProvider(options: StartIdentityProviderOptions): Promise<Awaited<Shared["running"]>> {
  const host = options.host ?? "127.0.0.1";
  let listener: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => listener(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let built: ReturnType<typeof buildIdentityProvider>;
  try {
    built = buildIdentityProvider({
      issuer: localIssuer(port),
      gatewayUrl: options.gatewayUrl ?? process.env.PUBLIC_GATEWAY_URL ?? DEFAULT_GATEWAY_URL,
    });
  } catch (error) {
    server.close();
    throw error;
  }
  listener = built.listener;
  return {
    issuer: built.issuer,
    jwksUri: built.jwksUri,
    // The listening address, so a test's fetch does not depend on how `localhost` resolves.
    tokenEndpoint: `http://${host.includes(":") ? `[${host}]` : host}:${port}/token`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Starts the development identity provider in this process (for tests and scripts) and
 * resolves once it listens. Calls with the same port (0 included) and gateway URL share
 * one provider; each `stop()` releases one, the last closes it.
 */
export async function startIdentityProvider(
  options: StartIdentityProviderOptions = {},
): Promise<RunningIdentityProvider> {
  const key = JSON.stringify([
    options.port ?? 0,
    options.gatewayUrl ?? process.env.PUBLIC_GATEWAY_URL ?? DEFAULT_GATEWAY_URL,
    options.host ?? "127.0.0.1",
  ]);
  let entry = shared.get(key);
  if (!entry) {
    entry = { users: 0, running: listenProvider(options) };
    shared.set(key, entry);
    entry.running.catch(() => shared.delete(key));
  }
  entry.users++;
  const mine = entry;
  const running = await mine.running;

  const cache = new Map<string, Promise<{ accessToken: string; expiresAt: number; lifetime: number }>>();
  let stopped = false;
  return {
    issuer: running.issuer,
    jwksUri: running.jwksUri,
    async issue(viewer, issueOptions = {}) {
      if (stopped) throw new Error("this identity provider was stopped");
      const cacheKey = JSON.stringify([
        viewer.role,
        "unit" in viewer ? viewer.unit : null,
        "sub" in viewer ? viewer.sub : null,
        issueOptions.expiresInSeconds ?? null,
      ]);
      const now = Math.floor(Date.now() / 1000);
      const cached = cache.get(cacheKey);
      if (cached) {
        const token = await cached.catch(() => undefined);
        if (token && token.expiresAt - now >= Math.max(REUSE_MARGIN_SECONDS, token.lifetime / 2))
          return token.accessToken;
      }
      const fresh = requestDevelopmentToken(running.tokenEndpoint, viewer, issueOptions).then((token) => ({
        ...token,
        lifetime: token.expiresAt - now,
      }));
      cache.set(cacheKey, fresh);
      fresh.catch(() => cache.delete(cacheKey));
      return (await fresh).accessToken;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      cache.clear();
      if (--mine.users > 0) return;
      if (shared.get(key) === mine) shared.delete(key);
      await running.close();
    },
  };
}
