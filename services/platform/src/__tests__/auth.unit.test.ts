import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from "jose";
import { createTokenVerifier, GRAPH_AUDIENCE, type TokenVerifier } from "../auth.js";
import { jwksKeys, type JwksKeys } from "../jwksKeys.js";

const ISSUER = "http://issuer.test";
const now = () => Math.floor(Date.now() / 1000);
const member = { role: "member", unit: "BE", sub: "BE:m5" };

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

/** A JWKS over real HTTP, whose keys (or outage) a test sets, counting its fetches. */
async function jwksServer(): Promise<{
  uri: string;
  keys: JWK[];
  down: boolean;
  fetches: number;
  close(): Promise<void>;
}> {
  const state = { keys: [] as JWK[], down: false, fetches: 0 };
  const server: Server = createServer((_req, res) => {
    state.fetches++;
    if (state.down) return void res.writeHead(503).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  return Object.assign(state, { uri, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

const token = (key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: key.kid, ...header }).sign(key.privateKey);

const standard = (extra: Record<string, unknown> = {}) => ({
  ...member,
  iss: ISSUER,
  aud: GRAPH_AUDIENCE,
  iat: now(),
  exp: now() + 3600,
  ...extra,
});

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as { message: string; extensions: unknown },
  );

describe("platform > auth > tokens from the identity provider", () => {
  let jwks: Awaited<ReturnType<typeof jwksServer>>;
  let current: SigningKey;
  let keys: JwksKeys;
  let verifier: TokenVerifier;

  before(async () => {
    jwks = await jwksServer();
    current = await signingKey("k1");
    jwks.keys = [current.jwk];
  });
  beforeEach(() => {
    keys = jwksKeys(jwks.uri, { cooldownMs: 0 });
    verifier = createTokenVerifier({ issuer: ISSUER, audience: GRAPH_AUDIENCE, keys: keys.getKey });
    jwks.down = false;
    jwks.keys = [current.jwk];
  });
  afterEach(() => keys.stop());
  after(() => jwks.close());

  it("accepts a token signed with a published key, for this issuer and audience", async () => {
    expect(await verifier.viewerOf(`Bearer ${await token(current, standard())}`)).to.deep.equal(member);
    expect(keys.state().keys).to.equal("fresh");
  });

  it("accepts a token whose audiences include this service's (a staff token names the graph and the unit)", async () => {
    const staff = standard({
      role: "unit_staff",
      unit: "BE",
      sub: "staff:BE",
      aud: [GRAPH_AUDIENCE, "urn:smart:unit:be"],
    });
    expect(await verifier.viewerOf(`Bearer ${await token(current, staff)}`)).to.deep.equal({
      role: "unit_staff",
      unit: "BE",
    });
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    [
      "another audience (a unit's)",
      () => token(current, standard({ aud: "urn:smart:unit:fr" })),
      /not for this service: its audience must include urn:smart:graph/,
    ],
    ["another issuer", () => token(current, standard({ iss: "http://evil.test" })), /another issuer/],
    [
      "alg none",
      async () => new UnsecuredJWT(standard()).encode(),
      /only tokens signed by the identity provider's keys/,
    ],
    [
      "HS256 (a shared secret)",
      () =>
        new SignJWT(standard())
          .setProtectedHeader({ alg: "HS256", kid: "k1" })
          .sign(new TextEncoder().encode("a-secret-of-at-least-thirty-two-characters!")),
      /only tokens signed by the identity provider's keys/,
    ],
    [
      "an unknown kid",
      () => token(current, standard(), { kid: "nobody" }),
      /key \(kid\) the identity provider does not publish/,
    ],
    [
      "a signature by a key the provider does not hold",
      async () => token({ ...(await signingKey("k1")) }, standard()),
      /malformed or wrongly signed/,
    ],
    [
      "a role no token may carry (service)",
      () => token(current, standard({ role: "service", work: "indicators" })),
      /unknown role "service"/,
    ],
    ["an exp of 1e308 (never expires)", () => token(current, standard({ exp: 1e308 })), /longer than 86400 s/],
    ["no iat", () => token(current, standard({ iat: undefined })), /claim `iat` is missing/],
    ["no exp", () => token(current, standard({ exp: undefined })), /claim `exp` is missing/],
    ["issued 2 minutes in the future", () => token(current, standard({ iat: now() + 120 })), /issued in the future/],
    ["expired 2 minutes ago", () => token(current, standard({ iat: now() - 3600, exp: now() - 120 })), /expired/],
  ];
  for (const [name, make, message] of refusals) {
    it(`refuses a token with ${name} (UNAUTHENTICATED, 401)`, async () => {
      const error = await refusalOf(verifier.viewerOf(`Bearer ${await make()}`));
      expect(error?.message).to.match(message);
      expect(error?.extensions).to.deep.equal({ code: "UNAUTHENTICATED", http: { status: 401 } });
    });
  }

  it("tolerates 60 s of clock skew on exp and iat", async () => {
    expect(
      await verifier.viewerOf(`Bearer ${await token(current, standard({ iat: now() - 3600, exp: now() - 30 }))}`),
    ).to.deep.equal(member);
    expect(await verifier.viewerOf(`Bearer ${await token(current, standard({ iat: now() + 30 }))}`)).to.deep.equal(
      member,
    );
  });

  it("follows a key rotation: a new kid in the JWKS is fetched when a token names it", async () => {
    expect(await verifier.viewerOf(`Bearer ${await token(current, standard())}`)).to.deep.equal(member);
    const next = await signingKey("k2");
    jwks.keys = [current.jwk, next.jwk];
    const fetches = jwks.fetches;
    expect(await verifier.viewerOf(`Bearer ${await token(next, standard())}`)).to.deep.equal(member);
    expect(jwks.fetches).to.equal(fetches + 1);
  });

  it("asks the provider again for an unknown kid at most once per cooldown", async () => {
    const patient = jwksKeys(jwks.uri, { cooldownMs: 60_000 });
    const strict = createTokenVerifier({ issuer: ISSUER, audience: GRAPH_AUDIENCE, keys: patient.getKey });
    try {
      await strict.viewerOf(`Bearer ${await token(current, standard())}`);
      const fetches = jwks.fetches;
      for (let i = 0; i < 5; i++)
        await refusalOf(
          strict.viewerOf(`Bearer ${await token(current, standard({ jti: String(i) }), { kid: `garbage-${i}` })}`),
        );
      expect(jwks.fetches).to.equal(fetches);
    } finally {
      patient.stop();
    }
  });

  it("keeps the last good keys while the JWKS cannot be fetched, for a bounded time, and says so", async () => {
    let clock = Date.now();
    const held = jwksKeys(jwks.uri, { cooldownMs: 0, staleMs: 60_000, refreshMs: 60_000, now: () => clock });
    const tokens = createTokenVerifier({ issuer: ISSUER, audience: GRAPH_AUDIENCE, keys: held.getKey });
    try {
      await held.refresh();
      jwks.down = true;
      await held.refresh();
      expect(held.state()).to.include({ keys: "stale" });
      expect(await tokens.viewerOf(`Bearer ${await token(current, standard())}`)).to.deep.equal(member);
      clock += 121_000;
      const error = await refusalOf(tokens.viewerOf(`Bearer ${await token(current, standard({ jti: "later" }))}`));
      expect(error?.message).to.match(/cannot be verified now: the identity provider's keys cannot be had .*HTTP 503/);
      expect(held.state()).to.include({ keys: "expired" });
    } finally {
      held.stop();
    }
  });

  it("refuses every token, saying why, when the provider's keys were never had", async () => {
    const none = jwksKeys("http://127.0.0.1:9/jwks", { timeoutMs: 500 });
    try {
      const error = await refusalOf(
        createTokenVerifier({ issuer: ISSUER, audience: GRAPH_AUDIENCE, keys: none.getKey }).viewerOf(
          `Bearer ${await token(current, standard())}`,
        ),
      );
      expect(error?.message).to.match(/cannot be verified now/);
      expect(none.state().keys).to.equal("none");
    } finally {
      none.stop();
    }
  });

  it("takes a 24 h token, and a shorter maximum when configured", async () => {
    const day = await token(current, standard({ exp: now() + 24 * 3600 }));
    expect(await verifier.viewerOf(`Bearer ${day}`)).to.deep.equal(member);
    const short = createTokenVerifier({
      issuer: ISSUER,
      audience: GRAPH_AUDIENCE,
      keys: keys.getKey,
      maxLifetimeSeconds: 3600,
    });
    expect((await refusalOf(short.viewerOf(`Bearer ${day}`)))?.message).to.match(/longer than 3600 s/);
  });

  it("keeps a verified token no longer than it is valid: past its exp it is refused, cached or not", async function () {
    this.timeout(10_000);
    const strict = createTokenVerifier({
      issuer: ISSUER,
      audience: GRAPH_AUDIENCE,
      keys: keys.getKey,
      clockSkewSeconds: 0,
    });
    const exp = now() + 2;
    const bearer = `Bearer ${await token(current, standard({ exp }))}`;
    expect(await strict.viewerOf(bearer)).to.deep.equal(member);
    expect(await strict.viewerOf(bearer)).to.deep.equal(member);
    await new Promise((resolve) => setTimeout(resolve, (exp + 0.2) * 1000 - Date.now()));
    expect((await refusalOf(strict.viewerOf(bearer)))?.message).to.equal("Token expired.");
  });
});
