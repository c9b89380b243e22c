import { expect } from "chai";
import { createHash } from "node:crypto";
import {
  decodeClaims,
  describe as describeClaims,
  SignIn,
  signInForPage,
  type KeyValueStore,
  type SignInSettings,
} from "../signIn/client.js";

/**
 * The pages' sign-in module (Authorization Code + PKCE over oauth4webapi) against
 * a provider played in memory: what it sends, what it keeps, what it refuses.
 * The real provider in a real browser is browser.e2e.test.ts.
 */

const ISSUER = "http://localhost:4020";
const SETTINGS: SignInSettings = {
  issuer: ISSUER,
  clientId: "smart-ide",
  redirectUri: "http://localhost:4000/graphql",
  resource: "urn:smart:graph",
};

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
/** A JWT-shaped token (the module reads claims, never verifies: the gateway does). */
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: "ES256", kid: "k1" }) =>
  `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${base64url("signature")}`;

function memoryStore(): KeyValueStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

interface TokenRequest {
  url: string;
  body: URLSearchParams;
}

/** The provider's two endpoints the page calls (discovery and token), as fetch sees them. */
function fakeProvider(answer: (request: TokenRequest) => { status: number; body: unknown }) {
  const tokenRequests: TokenRequest[] = [];
  const discoveries = { count: 0 };
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === `${ISSUER}/.well-known/openid-configuration`) {
      discoveries.count++;
      return Response.json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks`,
        code_challenge_methods_supported: ["S256"],
        id_token_signing_alg_values_supported: ["ES256"],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (url === `${ISSUER}/token`) {
      const request = { url, body: new URLSearchParams(init?.body as URLSearchParams) };
      tokenRequests.push(request);
      const { status, body } = answer(request);
      return Response.json(body, { status, headers: { "cache-control": "no-store" } });
    }
    return new Response("not found", { status: 404 });
  }) as typeof fetch;
  return { fetch: fetcher, tokenRequests, discoveries };
}

const now = Math.floor(Date.now() / 1000);
const memberToken = jwt({
  iss: ISSUER,
  sub: "BE:m1",
  aud: "urn:smart:graph",
  role: "member",
  unit: "BE",
  iat: now,
  exp: now + 600,
});
/** The nonce of the last authorization request: the provider puts it in the ID Token. */
let sentNonce = "";
const idTokenFor = (nonce: string, aud = "smart-ide") =>
  jwt({ iss: ISSUER, sub: "BE:m1", aud, iat: now, exp: now + 600, nonce });
const grants = () => ({
  status: 200,
  body: {
    access_token: memberToken,
    token_type: "Bearer",
    expires_in: 600,
    scope: "openid",
    id_token: idTokenFor(sentNonce),
  },
});

/** Starts a sign-in and plays the provider's redirect back to the page. */
async function signInThere(signIn: SignIn, answer: (authorization: URL) => Record<string, string>) {
  const authorization = new URL(await signIn.authorizationUrl());
  sentNonce = authorization.searchParams.get("nonce") ?? "";
  const back = new URL(SETTINGS.redirectUri);
  for (const [name, value] of Object.entries(answer(authorization))) back.searchParams.set(name, value);
  return { authorization, back: back.href };
}

describe("the pages' sign-in (Authorization Code + PKCE)", () => {
  it("sends the browser to the provider's authorization endpoint with a S256 challenge, a state, a nonce and the graph as resource", async () => {
    const storage = memoryStore();
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage, fetch: provider.fetch });
    const url = new URL(await signIn.authorizationUrl());
    expect(url.origin + url.pathname).to.equal(`${ISSUER}/auth`);
    const p = Object.fromEntries(url.searchParams);
    expect(p).to.include({
      response_type: "code",
      client_id: "smart-ide",
      redirect_uri: "http://localhost:4000/graphql",
      scope: "openid",
      resource: "urn:smart:graph",
      code_challenge_method: "S256",
    });
    expect(p.prompt).to.equal(undefined);
    const pending = JSON.parse(storage.getItem("smart-sign-in:smart-ide:pending")!) as {
      state: string;
      codeVerifier: string;
      nonce: string;
    };
    expect(p.state).to.equal(pending.state).and.to.have.length.greaterThan(20);
    expect(p.nonce).to.equal(pending.nonce);
    expect(p.code_challenge).to.equal(createHash("sha256").update(pending.codeVerifier).digest("base64url"));
    expect(pending.codeVerifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);
    expect(p).to.not.have.property("code_verifier");

    // Another sign-in gets another state and verifier.
    const again = new URL(await signIn.authorizationUrl());
    expect(again.searchParams.get("state")).to.not.equal(p.state);
    expect(again.searchParams.get("code_challenge")).to.not.equal(p.code_challenge);
    expect(provider.discoveries.count, "discovery is fetched once").to.equal(1);
  });

  it("exchanges the code with the verifier for the graph's token, keeps it for the tab and says who is signed in", async () => {
    const storage = memoryStore();
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage, fetch: provider.fetch });
    expect(signIn.status()).to.deep.equal({ session: null, expired: false });
    const { back } = await signInThere(signIn, (a) => ({
      code: "the-code",
      state: a.searchParams.get("state")!,
      iss: ISSUER,
    }));
    const pending = JSON.parse(storage.getItem("smart-sign-in:smart-ide:pending")!) as { codeVerifier: string };

    const outcome = await signIn.complete(back);
    expect(outcome, JSON.stringify(outcome)).to.deep.include({ kind: "signed-in" });
    expect(provider.tokenRequests).to.have.length(1);
    expect(Object.fromEntries(provider.tokenRequests[0]!.body)).to.deep.equal({
      grant_type: "authorization_code",
      code: "the-code",
      redirect_uri: "http://localhost:4000/graphql",
      code_verifier: pending.codeVerifier,
      client_id: "smart-ide",
      resource: "urn:smart:graph",
    });
    const status = signIn.status();
    expect(status.session?.accessToken).to.equal(memberToken);
    expect(status.session?.claims).to.deep.equal({
      sub: "BE:m1",
      role: "member",
      unit: "BE",
      iss: ISSUER,
      exp: now + 600,
    });
    expect(describeClaims(status.session!.claims)).to.equal("member BE:m1 (BE)");
    expect(signIn.accessToken()).to.equal(memberToken);
    expect(storage.getItem("smart-sign-in:smart-ide:pending"), "the started sign-in is used up").to.equal(null);
    expect(SignIn.cleanUrl(`${back}#tab`)).to.equal("http://localhost:4000/graphql#tab");
  });

  it("refuses an answer whose state is not the one this tab sent, without asking for a token", async () => {
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    const { back } = await signInThere(signIn, () => ({ code: "the-code", state: "someone-elses-state", iss: ISSUER }));
    const outcome = await signIn.complete(back);
    expect(outcome).to.have.property("kind", "error");
    expect((outcome as { message: string }).message).to.match(/^Sign-in failed: .*state/i);
    expect(provider.tokenRequests).to.have.length(0);
    expect(signIn.accessToken()).to.equal(null);
  });

  it("refuses an answer from another issuer (RFC 9207 iss)", async () => {
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    const { back } = await signInThere(signIn, (a) => ({
      code: "the-code",
      state: a.searchParams.get("state")!,
      iss: "http://localhost:9999",
    }));
    const outcome = await signIn.complete(back);
    expect((outcome as { message: string }).message).to.match(/^Sign-in failed: .*iss/);
    expect(provider.tokenRequests).to.have.length(0);
  });

  it("uses a started sign-in once: the same answer again is refused", async () => {
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    const { back } = await signInThere(signIn, (a) => ({
      code: "the-code",
      state: a.searchParams.get("state")!,
      iss: ISSUER,
    }));
    expect((await signIn.complete(back)).kind).to.equal("signed-in");
    const replay = await signIn.complete(back);
    expect(replay).to.deep.equal({
      kind: "error",
      message: "This sign-in answer was not started from this tab (or was already used, or is too old): sign in again.",
    });
    expect(provider.tokenRequests).to.have.length(1);
  });

  it("shows the provider's error redirect (access_denied) as a refusal", async () => {
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    const { back } = await signInThere(signIn, (a) => ({
      error: "access_denied",
      error_description: "End-User aborted interaction",
      state: a.searchParams.get("state")!,
      iss: ISSUER,
    }));
    expect(await signIn.complete(back)).to.deep.equal({
      kind: "error",
      message: "Sign-in refused: access_denied: End-User aborted interaction",
    });
    expect(provider.tokenRequests).to.have.length(0);
    // Not started here at all: the error is still shown as it came.
    const stranger = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    expect(await stranger.complete(`${SETTINGS.redirectUri}?error=invalid_request&state=x`)).to.deep.equal({
      kind: "error",
      message: "Sign-in refused: invalid_request",
    });
  });

  it("reports a token endpoint's refusal (invalid_grant) and keeps no token", async () => {
    const provider = fakeProvider(() => ({
      status: 400,
      body: { error: "invalid_grant", error_description: "grant request is invalid" },
    }));
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    const { back } = await signInThere(signIn, (a) => ({
      code: "stale",
      state: a.searchParams.get("state")!,
      iss: ISSUER,
    }));
    expect(await signIn.complete(back)).to.deep.equal({
      kind: "error",
      message: "Sign-in failed: invalid_grant: grant request is invalid",
    });
    expect(signIn.accessToken()).to.equal(null);
  });

  it("refuses an ID Token whose nonce is not the one sent", async () => {
    const idToken = idTokenFor("not-the-nonce");
    const provider = fakeProvider(() => ({
      status: 200,
      body: { access_token: memberToken, token_type: "Bearer", expires_in: 600, id_token: idToken },
    }));
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: provider.fetch });
    const { back } = await signInThere(signIn, (a) => ({
      code: "the-code",
      state: a.searchParams.get("state")!,
      iss: ISSUER,
    }));
    const outcome = await signIn.complete(back);
    expect((outcome as { message: string }).message).to.match(/^Sign-in failed: .*nonce/);
    expect(signIn.accessToken()).to.equal(null);
  });

  it("drops an ended token and says the sign-in expired; a 401 does the same; sign-out forgets and asks the provider for its login again", async () => {
    let clock = Date.now();
    const storage = memoryStore();
    const provider = fakeProvider(grants);
    const signIn = new SignIn(SETTINGS, { storage, fetch: provider.fetch, now: () => clock });
    const first = await signInThere(signIn, (a) => ({ code: "c1", state: a.searchParams.get("state")!, iss: ISSUER }));
    await signIn.complete(first.back);
    expect(signIn.status().expired).to.equal(false);

    clock += 600_000;
    expect(signIn.status()).to.deep.equal({ session: null, expired: true });
    expect(signIn.accessToken()).to.equal(null);

    clock = Date.now();
    const second = await signInThere(signIn, (a) => ({ code: "c2", state: a.searchParams.get("state")!, iss: ISSUER }));
    expect(second.authorization.searchParams.get("prompt")).to.equal(null);
    await signIn.complete(second.back);
    expect(signIn.status().expired, "a new sign-in clears the notice").to.equal(false);
    signIn.expire();
    expect(signIn.status()).to.deep.equal({ session: null, expired: true });

    signIn.signOut();
    expect(signIn.status()).to.deep.equal({ session: null, expired: false });
    const third = await signInThere(signIn, () => ({}));
    expect(third.authorization.searchParams.get("prompt")).to.equal("login");
  });

  it("says so when the provider cannot be reached, and tries discovery again next time", async () => {
    let up = false;
    const provider = fakeProvider(grants);
    const fetcher = ((input: string | URL | Request, init?: RequestInit) =>
      up ? provider.fetch(input, init) : Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    const signIn = new SignIn(SETTINGS, { storage: memoryStore(), fetch: fetcher });
    let message = "";
    await signIn.authorizationUrl().catch((error: Error) => (message = error.message));
    expect(message).to.equal("The identity provider (http://localhost:4020/) could not be reached: fetch failed");
    up = true;
    expect(await signIn.authorizationUrl()).to.match(/^http:\/\/localhost:4020\/auth\?/);
  });

  it("speaks plain HTTP to a provider on this machine only", () => {
    expect(() => new SignIn({ ...SETTINGS, issuer: "http://idp.example.org" }, { storage: memoryStore() })).to.throw(
      /HTTPS/,
    );
    expect(
      () => new SignIn({ ...SETTINGS, issuer: "https://idp.example.org/realms/smart" }, { storage: memoryStore() }),
    ).to.not.throw();
  });

  it("reads a token's claims for display, and nothing from a token that is not a JWT", () => {
    expect(decodeClaims(jwt({ sub: "central-office", role: "central_office", extra: [1] }))).to.deep.equal({
      sub: "central-office",
      role: "central_office",
    });
    expect(decodeClaims(jwt({ sub: "FR:m3", role: "member", unit: "FR", name: "Zoë" }))?.sub).to.equal("FR:m3");
    expect(decodeClaims("opaque-token")).to.equal(null);
    expect(decodeClaims("a.!!!.c")).to.equal(null);
    expect(describeClaims({ role: "central_office", sub: "central-office" })).to.equal("central_office central-office");
  });

  describe("on a page of the gateway", () => {
    const GATEWAY = "http://127.0.0.1:4000";
    const CONFIG = {
      issuer: ISSUER,
      resource: "urn:smart:graph",
      scope: "openid",
      clients: { ide: "smart-ide", dashboard: "smart-dashboard" },
    };
    /** The gateway's GET /sign-in.json (answering `config`, or a status), then the provider. */
    const pageFetch = (provider: ReturnType<typeof fakeProvider>, config: unknown = CONFIG, status = 200) =>
      (async (input: string | URL | Request, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url === `${GATEWAY}/sign-in.json`)
          return Response.json(status === 200 ? config : { error: "none" }, { status });
        return provider.fetch(input, init);
      }) as typeof fetch;

    it("signs in with its own client and redirect URI, and takes the provider's answer out of the address bar at once", async () => {
      const storage = memoryStore();
      const provider = fakeProvider(() => ({
        status: 200,
        body: {
          access_token: memberToken,
          token_type: "Bearer",
          expires_in: 600,
          id_token: idTokenFor(sentNonce, "smart-dashboard"),
        },
      }));
      const replaced: string[] = [];
      const first = await signInForPage("dashboard", {
        href: `${GATEWAY}/dashboard/`,
        storage,
        replaceUrl: (h) => replaced.push(h),
        fetch: pageFetch(provider),
      });
      expect(first.error).to.equal(null);
      const authorization = new URL(await first.signIn!.authorizationUrl());
      expect(authorization.searchParams.get("client_id")).to.equal("smart-dashboard");
      expect(authorization.searchParams.get("redirect_uri")).to.equal(`${GATEWAY}/dashboard/`);
      expect(replaced).to.deep.equal([]);

      sentNonce = authorization.searchParams.get("nonce")!;
      const back = `${GATEWAY}/dashboard/?code=c&state=${authorization.searchParams.get("state")}&iss=${encodeURIComponent(ISSUER)}`;
      const again = await signInForPage("dashboard", {
        href: back,
        storage,
        replaceUrl: (h) => replaced.push(h),
        fetch: pageFetch(provider),
      });
      expect(again.error).to.equal(null);
      expect(replaced).to.deep.equal([`${GATEWAY}/dashboard/`]);
      expect(again.signIn!.status().session?.claims.sub).to.equal("BE:m1");
      expect(provider.tokenRequests[0]!.body.get("redirect_uri")).to.equal(`${GATEWAY}/dashboard/`);
    });

    it("stays anonymous where the gateway has no provider, and says why only when an answer came", async () => {
      const provider = fakeProvider(grants);
      const none = await signInForPage("ide", {
        href: `${GATEWAY}/graphql`,
        storage: memoryStore(),
        replaceUrl: () => {},
        fetch: pageFetch(provider, null, 404),
      });
      expect(none).to.deep.equal({ signIn: null, error: null });
      const answered = await signInForPage("ide", {
        href: `${GATEWAY}/graphql?error=access_denied&state=s`,
        storage: memoryStore(),
        replaceUrl: () => {},
        fetch: pageFetch(provider, null, 404),
      });
      expect(answered.error).to.match(/no identity provider/);
      const broken = await signInForPage("ide", {
        href: `${GATEWAY}/graphql`,
        storage: memoryStore(),
        replaceUrl: () => {},
        fetch: pageFetch(provider, null, 500),
      });
      expect(broken).to.deep.equal({ signIn: null, error: "The gateway could not say how to sign in (HTTP 500)." });
      const plainHttp = await signInForPage("ide", {
        href: `${GATEWAY}/graphql`,
        storage: memoryStore(),
        replaceUrl: () => {},
        fetch: pageFetch(provider, { ...CONFIG, issuer: "http://idp.example.org" }),
      });
      expect(plainHttp.signIn).to.equal(null);
      expect(plainHttp.error).to.match(/HTTPS/);
    });
  });
});
