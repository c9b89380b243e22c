/**
 * The tests' identity provider: the development provider itself, one per test process,
 * listening on a free port. Tests get real tokens from it over HTTP (`token`, `bearer`),
 * and, for the refusals a provider would never issue (expired, odd claims), tokens signed
 * by its own key with exactly the claims given (`signedByProvider`), or by a key it does
 * not publish (`forged`).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createPrivateKey, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { AuthSettings, CountryCode } from "@smart/platform";
import { unitAudience, type PersonViewer } from "./accounts.js";
import { requestDevelopmentToken } from "./developmentToken.js";
import { generateSigningKey } from "./keys.js";
import { buildIdentityProvider } from "./provider.js";

export interface TestIdentity {
  issuer: string;
  jwksUri: string;
  /** What a service is configured with to accept this provider's tokens as `audience`. */
  auth(audience: string): AuthSettings;
  /** A unit's settings: tokens naming its own endpoint. */
  unitAuth(unit: CountryCode): AuthSettings;
  /** A real access token for `viewer`, from the provider (cached per viewer until near expiry). */
  token(viewer: PersonViewer): Promise<string>;
  /** `{ authorization: "Bearer …" }` for `viewer`. */
  bearer(viewer: PersonViewer): Promise<{ authorization: string }>;
  /** A token with exactly these claims and header fields, signed by the provider's own key. */
  signedByProvider(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** The claims of a real token for `viewer`, signed by a key the provider does not publish (same `kid`). */
  forged(viewer: PersonViewer): Promise<string>;
}

let shared: Promise<TestIdentity> | undefined;

/** The process's test provider, started on first use (its server does not keep the process alive). */
export function testIdentity(): Promise<TestIdentity> {
  return (shared ??= start());
}

/** The Bearer header for `viewer` from the test provider. */
export const bearerFor = async (viewer: PersonViewer) => (await testIdentity()).bearer(viewer);

async function start(): Promise<TestIdentity> {
  const key = generateSigningKey();
  let listener: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  const built = buildIdentityProvider({ issuer: `http://localhost:${port}`, keys: [key], nodeEnv: "test" });
  listener = built.listener;
  const tokenEndpoint = `http://127.0.0.1:${port}/token`;
  const jwksUri = `http://127.0.0.1:${port}/jwks`;
  const privateKey = createPrivateKey({ key: key, format: "jwk" });
  const kept = new Map<string, { token: string; expiresAt: number }>();
  const token = async (viewer: PersonViewer) => {
    const id = JSON.stringify(viewer);
    const cached = kept.get(id);
    if (cached && cached.expiresAt - Date.now() / 1000 > 120) return cached.token;
    const { accessToken, expiresAt } = await requestDevelopmentToken(tokenEndpoint, viewer);
    kept.set(id, { token: accessToken, expiresAt });
    return accessToken;
  };
  const sign = (
    claims: Record<string, unknown>,
    header: Record<string, unknown>,
    signingKey: Parameters<SignJWT["sign"]>[0],
  ) => new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: key.kid, ...header }).sign(signingKey);
  return {
    issuer: built.issuer,
    jwksUri,
    auth: (audience) => ({ issuer: built.issuer, jwksUri, audience }),
    unitAuth: (unit) => ({ issuer: built.issuer, jwksUri, audience: unitAudience(unit) }),
    token,
    bearer: async (viewer) => ({ authorization: `Bearer ${await token(viewer)}` }),
    signedByProvider: (claims, header = {}) => sign(claims, header, privateKey),
    forged: async (viewer) => {
      const claims = JSON.parse(
        Buffer.from((await token(viewer)).split(".")[1]!, "base64url").toString("utf8"),
      ) as Record<string, unknown>;
      const stranger = createPrivateKey({ key: generateSigningKey(), format: "jwk" });
      return sign({ ...claims, jti: randomUUID() }, {}, stranger);
    },
  };
}

/** A real access token for `viewer` from the test provider. */
export const tokenFor = async (viewer: PersonViewer) => (await testIdentity()).token(viewer);
export type { PersonViewer } from "./accounts.js";
