import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { ConfigError } from "@smart/platform";
import {
  accountOf,
  buildIdentityProvider,
  DEVELOPMENT_GRANT,
  DEVELOPMENT_TOOLS_CLIENT,
  discoverDevelopmentProvider,
  gatewayUrlsOf,
  requestDevelopmentToken,
  startIdentityProvider,
  viewerOfAccount,
  type RunningIdentityProvider,
} from "../lib.js";

const GATEWAY = "http://localhost:4000";
const IDE_REDIRECT = `${GATEWAY}/graphql`;

/** The few cookies a browser would keep for the provider's origin. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value.join("=") === "";
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

function pkcePair() {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.createHash("sha256").update(verifier).digest("base64url") };
}

describe("identity provider (development)", function () {
  let idp: RunningIdentityProvider;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  before(async () => {
    idp = await startIdentityProvider({ port: 0, gatewayUrl: GATEWAY });
    jwks = createRemoteJWKSet(new URL(idp.jwksUri));
  });
  after(() => idp.stop());

  const verify = (token: string, audience = "urn:smart:graph") =>
    jwtVerify(token, jwks, { issuer: idp.issuer, audience, algorithms: ["ES256"] });

  describe("discovery and keys", () => {
    it("publishes its discovery document at /.well-known/openid-configuration", async () => {
      const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
      expect(response.status).to.equal(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata.issuer).to.equal(idp.issuer);
      expect(metadata.jwks_uri).to.equal(idp.jwksUri);
      expect(metadata.token_endpoint).to.equal(`${idp.issuer}/token`);
      expect(metadata.authorization_endpoint).to.equal(`${idp.issuer}/auth`);
      expect(metadata.grant_types_supported).to.have.members(["authorization_code", DEVELOPMENT_GRANT]);
      expect(metadata.response_types_supported).to.deep.equal(["code"]);
      expect(metadata.code_challenge_methods_supported).to.deep.equal(["S256"]);
    });

    it("publishes ES256 public keys, with a kid and no private part, at the jwks_uri", async () => {
      const { keys } = (await (await fetch(idp.jwksUri)).json()) as { keys: Record<string, string>[] };
      expect(keys).to.have.length(1);
      expect(keys[0]).to.include({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(keys[0]!.kid).to.be.a("string").and.not.empty;
      expect(keys[0]).not.to.have.property("d");
    });

    it("is found as the development provider by discoverDevelopmentProvider", async () => {
      const metadata = await discoverDevelopmentProvider(idp.issuer);
      expect(metadata.token_endpoint).to.equal(`${idp.issuer}/token`);
    });

    it("answers /health", async () => {
      expect((await fetch(`${idp.issuer}/health`)).status).to.equal(200);
    });
  });

  describe("development tokens (idp.issue)", () => {
    it("gives a member a token for the European graph only, with role, unit and their member ID", async () => {
      const token = await idp.issue({ role: "member", unit: "BE", sub: "BE:m17" });
      const header = decodeProtectedHeader(token);
      expect(header.alg).to.equal("ES256");
      expect(header.kid).to.be.a("string");
      expect(header.typ).to.equal("at+jwt");
      const { payload } = await verify(token);
      expect(payload).to.include({
        iss: idp.issuer,
        sub: "BE:m17",
        role: "member",
        unit: "BE",
        aud: "urn:smart:graph",
      });
      expect(payload.exp! - payload.iat!).to.equal(3600);
    });

    it("gives a unit's staff a token for the graph and for their own unit's endpoint", async () => {
      const token = await idp.issue({ role: "unit_staff", unit: "FR" });
      const { payload } = await verify(token, "urn:smart:unit:fr");
      expect(payload.aud).to.deep.equal(["urn:smart:graph", "urn:smart:unit:fr"]);
      expect(payload).to.include({ sub: "staff:FR", role: "unit_staff", unit: "FR" });
      await verify(token, "urn:smart:graph");
      let error: unknown;
      await verify(token, "urn:smart:unit:be").catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(Error);
    });

    it("gives the central office a token for the graph only, with no unit", async () => {
      const { payload } = await verify(await idp.issue({ role: "central_office" }));
      expect(payload).to.include({ sub: "central-office", role: "central_office", aud: "urn:smart:graph" });
      expect(payload).not.to.have.property("unit");
    });

    it("reuses a viewer's token while it is fresh, and honours expiresInSeconds", async () => {
      const viewer = { role: "member", unit: "DE", sub: "DE:m3" } as const;
      expect(await idp.issue(viewer)).to.equal(await idp.issue(viewer));
      const short = await idp.issue(viewer, { expiresInSeconds: 5 });
      const { payload } = await verify(short);
      expect(payload.exp! - payload.iat!).to.equal(5);
      expect(await idp.issue(viewer, { expiresInSeconds: 5 })).not.to.equal(short);
    });

    it("shares one provider between callers in a process", async () => {
      const second = await startIdentityProvider({ port: 0, gatewayUrl: GATEWAY });
      expect(second.issuer).to.equal(idp.issuer);
      await second.stop();
      // Still answering for the first caller.
      await verify(await idp.issue({ role: "central_office" }, { expiresInSeconds: 60 }));
    });

    it("issues tokens one after another, each its own and each verifiable", async () => {
      const tokens: string[] = [];
      for (let i = 0; i < 20; i++) tokens.push(await idp.issue({ role: "member", unit: "IT", sub: `IT:m${i}` }));
      expect(new Set(tokens).size).to.equal(20);
      for (const token of tokens) await verify(token);
    });
  });

  describe("accounts", () => {
    it("knows members, each unit's staff and the central office, and nothing else", () => {
      expect(viewerOfAccount("BE:m17")).to.deep.equal({ role: "member", unit: "BE", sub: "BE:m17" });
      expect(viewerOfAccount("staff:SE")).to.deep.equal({ role: "unit_staff", unit: "SE" });
      expect(viewerOfAccount("central-office")).to.deep.equal({ role: "central_office" });
      // Units are the directory's: a unit admitted later (PT) has accounts with no change here.
      expect(viewerOfAccount("PT:m3")).to.deep.equal({ role: "member", unit: "PT", sub: "PT:m3" });
      for (const nobody of [
        "",
        "admin",
        "BE:17",
        "be:m17",
        "xx:m1",
        "BE:m",
        "BE:m1x",
        "staff:X1",
        "staff:be",
        "staff:",
        "EU:m1",
        " BE:m17",
      ])
        expect(viewerOfAccount(nobody), nobody).to.equal(null);
      expect(() => accountOf({ role: "member", unit: "BE", sub: "FR:m1" })).to.throw(/No account/);
    });

    async function devGrant(
      body: Record<string, string>,
      clientAuth = `${DEVELOPMENT_TOOLS_CLIENT.id}:${DEVELOPMENT_TOOLS_CLIENT.secret}`,
    ) {
      const response = await fetch(`${idp.issuer}/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(clientAuth).toString("base64")}`,
        },
        body: new URLSearchParams({ grant_type: DEVELOPMENT_GRANT, ...body }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    }

    it("refuses a token for anything that is not an account", async () => {
      for (const account of ["admin", "xx:m1", "staff:X1", "BE:17", "", "central_office"]) {
        const answer = await devGrant({ account });
        expect(answer.status, account).to.equal(400);
        expect(answer.body.error, account).to.equal("invalid_grant");
      }
    });

    it("refuses the development grant to a wrong secret and to the public clients", async () => {
      expect((await devGrant({ account: "BE:m1" }, `${DEVELOPMENT_TOOLS_CLIENT.id}:wrong`)).body.error).to.equal(
        "invalid_client",
      );
      const ide = await fetch(`${idp.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: DEVELOPMENT_GRANT, account: "BE:m1", client_id: "smart-ide" }),
      });
      expect(ide.status).to.equal(400);
      expect(((await ide.json()) as { error: string }).error).to.be.oneOf(["invalid_request", "unauthorized_client"]);
    });

    it("gives a unit's endpoint as a resource to that unit's staff only", async () => {
      const staff = await devGrant({ account: "staff:BE", resource: "urn:smart:unit:be" });
      expect(staff.status).to.equal(200);
      expect((await verify(staff.body.access_token!, "urn:smart:unit:be")).payload.aud).to.deep.equal([
        "urn:smart:graph",
        "urn:smart:unit:be",
      ]);
      for (const [account, resource] of [
        ["BE:m1", "urn:smart:unit:be"],
        ["central-office", "urn:smart:unit:be"],
        ["staff:BE", "urn:smart:unit:fr"],
        ["staff:BE", "urn:smart:unit:BE"],
        ["staff:BE", "https://example.org/api"],
      ]) {
        const answer = await devGrant({ account: account!, resource: resource! });
        expect(answer.body.error, `${account} → ${resource}`).to.equal("invalid_target");
      }
    });

    it("refuses a lifetime beyond a day", async () => {
      expect((await devGrant({ account: "BE:m1", expires_in: "86401" })).body.error).to.equal("invalid_request");
      expect((await devGrant({ account: "BE:m1", expires_in: "0" })).body.error).to.equal("invalid_request");
    });

    it("says so when a token is refused", async () => {
      let error: Error | undefined;
      await requestDevelopmentToken(
        `${idp.issuer}/token`,
        { role: "member", unit: "BE", sub: "BE:m1" },
        { resource: "urn:smart:unit:be" },
      ).catch((e: Error) => (error = e));
      expect(error?.message).to.match(/refused a token for BE:m1 \(invalid_target/);
    });
  });

  describe("production", () => {
    it("refuses to be built with NODE_ENV=production", () => {
      expect(() => buildIdentityProvider({ issuer: "http://localhost:1", nodeEnv: "production" })).to.throw(
        ConfigError,
        /development and tests only/,
      );
    });

    it("refuses to start with NODE_ENV=production (exit 78, saying why)", function () {
      this.timeout(30_000);
      const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "index.ts");
      const run = spawnSync(process.execPath, ["--import", "tsx", entry], {
        env: { ...process.env, NODE_ENV: "production", IDP_PORT: "0" },
        encoding: "utf8",
        timeout: 25_000,
      });
      expect(run.status, run.stderr).to.equal(78);
      expect(run.stderr).to.match(/NODE_ENV=production: this identity provider is for development and tests only/);
    });

    it("is not taken for the development provider by the development tools when it does not offer the development grant", async () => {
      const { default: http } = await import("node:http");
      const server = http.createServer((req, res) => {
        const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            issuer,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            grant_types_supported: ["authorization_code"],
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        let error: Error | undefined;
        await discoverDevelopmentProvider(`http://127.0.0.1:${(server.address() as { port: number }).port}`).catch(
          (e: Error) => (error = e),
        );
        expect(error?.message).to.match(/is not the development identity provider/);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });

  describe("Authorization Code + PKCE (the IDE's and the dashboard's sign-in)", () => {
    /** authorize → the sign-in page; returns the page's URL, its HTML and the jar. */
    async function authorize(params: Record<string, string>) {
      const jar = new CookieJar();
      const url = new URL(`${idp.issuer}/auth`);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const started = await fetch(url, { redirect: "manual" });
      jar.take(started);
      return { jar, response: started };
    }

    async function follow(jar: CookieJar, location: string, init: RequestInit = {}) {
      const response = await fetch(new URL(location, idp.issuer), {
        ...init,
        redirect: "manual",
        headers: { ...(init.headers as object), cookie: jar.header() },
      });
      jar.take(response);
      return response;
    }

    /** The whole sign-in as a browser does it, typing `login`; returns the URL the provider sends the browser back to. */
    async function signIn(
      login: string,
      options: {
        client?: string;
        redirectUri?: string;
        returnedTo?: string;
        challenge?: string;
        extra?: Record<string, string>;
      } = {},
    ) {
      const pkce = pkcePair();
      const { jar, response } = await authorize({
        client_id: options.client ?? "smart-ide",
        response_type: "code",
        redirect_uri: options.redirectUri ?? IDE_REDIRECT,
        scope: "openid",
        state: "state-1",
        code_challenge: options.challenge ?? pkce.challenge,
        code_challenge_method: "S256",
        ...options.extra,
      });
      expect(response.status).to.equal(303);
      const pageUrl = response.headers.get("location")!;
      expect(pageUrl).to.match(/^\/interaction\/[\w-]+$/);
      const page = await follow(jar, pageUrl);
      expect(page.status).to.equal(200);
      const html = await page.text();
      const posted = await follow(jar, `${pageUrl}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login }),
      });
      let location = posted.headers.get("location");
      // The provider resumes the authorization, then sends the browser back to the application.
      while (location && !location.startsWith(options.returnedTo ?? GATEWAY))
        location = (await follow(jar, location)).headers.get("location");
      return { html, returned: location ? new URL(location) : undefined, verifier: pkce.verifier, posted };
    }

    async function exchange(code: string, verifier: string, client = "smart-ide", redirectUri = IDE_REDIRECT) {
      const response = await fetch(`${idp.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: GATEWAY },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: client,
          code_verifier: verifier,
        }),
      });
      return { response, body: (await response.json()) as Record<string, string> };
    }

    it("serves an accessible sign-in page: a labelled `login` field and a `Sign in` button", async () => {
      const { html } = await signIn("BE:m17");
      expect(html).to.match(/<html lang="en">/);
      expect(html).to.match(/<title>Sign in/);
      expect(html).to.match(/<label for="login">Account<\/label>/);
      expect(html).to.match(/<input id="login" name="login" type="text"/);
      expect(html).to.match(/<button type="submit">Sign in<\/button>/);
      expect(html).to.contain("the GraphQL IDE");
    });

    it("signs a member in: authorize → sign-in form → code → token for the graph", async () => {
      const { returned, verifier } = await signIn("BE:m17");
      expect(returned!.origin + returned!.pathname).to.equal(IDE_REDIRECT);
      expect(returned!.searchParams.get("state")).to.equal("state-1");
      expect(returned!.searchParams.get("iss")).to.equal(idp.issuer);
      const code = returned!.searchParams.get("code")!;
      const { response, body } = await exchange(code, verifier);
      expect(response.status).to.equal(200);
      // The browser exchanges the code from the gateway's page.
      expect(response.headers.get("access-control-allow-origin")).to.equal(GATEWAY);
      expect(body.token_type).to.equal("Bearer");
      const { payload } = await verify(body.access_token!);
      expect(payload).to.include({
        sub: "BE:m17",
        role: "member",
        unit: "BE",
        aud: "urn:smart:graph",
        client_id: "smart-ide",
      });
      expect(payload.exp! - payload.iat!).to.equal(3600);
      const idToken = (await jwtVerify(body.id_token!, jwks, { issuer: idp.issuer, audience: "smart-ide" }))
        .payload as JWTPayload & { role?: string };
      expect(idToken.sub).to.equal("BE:m17");
      // The code is used once.
      expect((await exchange(code, verifier)).body.error).to.equal("invalid_grant");
    });

    it("signs a unit's staff in to the dashboard with a token for the graph and their unit", async () => {
      const redirectUri = `${GATEWAY}/dashboard/`;
      const { returned, verifier } = await signIn("staff:NL", { client: "smart-dashboard", redirectUri });
      expect(returned!.origin + returned!.pathname).to.equal(redirectUri);
      const { body } = await exchange(returned!.searchParams.get("code")!, verifier, "smart-dashboard", redirectUri);
      const { payload } = await verify(body.access_token!, "urn:smart:unit:nl");
      expect(payload.aud).to.deep.equal(["urn:smart:graph", "urn:smart:unit:nl"]);
      expect(payload).to.include({ sub: "staff:NL", role: "unit_staff", unit: "NL" });
    });

    it("accepts the gateway's loopback twin (127.0.0.1 for localhost) as a redirect and a CORS origin", async () => {
      const twin = "http://127.0.0.1:4000";
      const { returned, verifier } = await signIn("SE:m9", { redirectUri: `${twin}/graphql`, returnedTo: twin });
      expect(returned!.origin).to.equal(twin);
      const response = await fetch(`${idp.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: twin },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: returned!.searchParams.get("code")!,
          redirect_uri: `${twin}/graphql`,
          client_id: "smart-ide",
          code_verifier: verifier,
        }),
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get("access-control-allow-origin")).to.equal(twin);
      expect(gatewayUrlsOf("https://graph.smart.coop/")).to.deep.equal(["https://graph.smart.coop"]);
    });

    it("signs the central office in", async () => {
      const { returned, verifier } = await signIn("central-office");
      const { body } = await exchange(returned!.searchParams.get("code")!, verifier);
      expect((await verify(body.access_token!)).payload).to.include({
        sub: "central-office",
        role: "central_office",
        aud: "urn:smart:graph",
      });
    });

    it("signs in again without the form while the provider's session lasts; prompt=login switches account", async () => {
      const pkce = pkcePair();
      const params = {
        client_id: "smart-ide",
        response_type: "code",
        redirect_uri: IDE_REDIRECT,
        scope: "openid",
        code_challenge: pkce.challenge,
        code_challenge_method: "S256",
      };
      const { jar, response } = await authorize({ ...params, login_hint: "BE:m17" });
      const pageUrl = response.headers.get("location")!;
      expect(await (await follow(jar, pageUrl)).text()).to.contain('value="BE:m17"');
      const resumed = await follow(jar, `${pageUrl}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "login=BE%3Am17",
      });
      await follow(jar, resumed.headers.get("location")!);
      const codeFor = async (location: string | null) => {
        while (location && !location.startsWith(GATEWAY)) {
          const step = await follow(jar, location);
          location = step.headers.get("location");
          if (step.status === 200) {
            // A page that submits itself (the provider ending the previous account's session): submit it as the browser does.
            const html = await step.text();
            const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
            const fields = new URLSearchParams(
              [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [
                m[1]!,
                m[2]!,
              ]),
            );
            const submitted = await follow(jar, action, {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: fields,
            });
            location = submitted.headers.get("location");
          }
        }
        const code = new URL(location!).searchParams.get("code")!;
        const { body } = await exchange(code, pkce.verifier);
        return (await verify(body.access_token!, "urn:smart:graph")).payload.sub;
      };
      const url = (extra: Record<string, string> = {}) =>
        `/auth?${new URLSearchParams({ ...params, ...extra }).toString()}`;
      // Signed in already: straight back with a code.
      expect(await codeFor(url())).to.equal("BE:m17");
      const again = await follow(jar, url({ prompt: "login" }));
      const form = again.headers.get("location")!;
      expect(form).to.match(/^\/interaction\//);
      const switched = await follow(jar, `${form}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "login=staff%3ABE",
      });
      expect(await codeFor(switched.headers.get("location"))).to.equal("staff:BE");

      // Signing out (RP-initiated logout) asks first, then sends the browser back to the application.
      const ask = await follow(
        jar,
        `/session/end?${new URLSearchParams({ client_id: "smart-ide", post_logout_redirect_uri: IDE_REDIRECT }).toString()}`,
      );
      const html = await ask.text();
      expect(html).to.contain("<h1>Sign out of Smart Europe Graph?</h1>");
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)![1]!;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
      const out = await follow(jar, action, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ xsrf, logout: "yes" }),
      });
      expect(out.headers.get("location")).to.equal(IDE_REDIRECT);
      expect((await follow(jar, url())).headers.get("location")).to.match(/^\/interaction\//);
    });

    it("shows the form again, saying why, for something that is not an account", async () => {
      const { posted, returned } = await signIn("nobody");
      expect(returned).to.equal(undefined);
      expect(posted.status).to.equal(400);
      const html = await posted.text();
      expect(html).to.contain('role="alert"');
      expect(html).to.contain("“nobody” is not an account.");
      expect(html).to.contain('aria-invalid="true"');
      expect(html).to.contain('name="login"');
    });

    it("refuses a code exchanged without its PKCE verifier, or with another one", async () => {
      const { returned } = await signIn("FR:m2");
      const code = returned!.searchParams.get("code")!;
      expect((await exchange(code, pkcePair().verifier)).body.error).to.equal("invalid_grant");
    });

    it("refuses an authorization request without PKCE, and a redirect URI not on the gateway", async () => {
      const withoutPkce = await authorize({
        client_id: "smart-ide",
        response_type: "code",
        redirect_uri: IDE_REDIRECT,
        scope: "openid",
        state: "s",
      });
      const back = new URL(withoutPkce.response.headers.get("location")!);
      expect(back.searchParams.get("error")).to.equal("invalid_request");
      expect(back.searchParams.get("error_description")).to.match(/PKCE/);
      const elsewhere = await authorize({
        client_id: "smart-ide",
        response_type: "code",
        redirect_uri: "https://evil.example/cb",
        scope: "openid",
        code_challenge: pkcePair().challenge,
        code_challenge_method: "S256",
      });
      expect(elsewhere.response.status).to.equal(400);
      expect(elsewhere.response.headers.get("location")).to.equal(null);
    });

    it("refuses a member's request for a unit's endpoint", async () => {
      const { returned } = await signIn("BE:m4", { extra: { resource: "urn:smart:unit:be" } });
      expect(returned!.searchParams.get("error")).to.equal("invalid_target");
    });

    it("sends access_denied back when the person cancels", async () => {
      const pkce = pkcePair();
      const { jar, response } = await authorize({
        client_id: "smart-ide",
        response_type: "code",
        redirect_uri: IDE_REDIRECT,
        scope: "openid",
        state: "s",
        code_challenge: pkce.challenge,
        code_challenge_method: "S256",
      });
      const pageUrl = response.headers.get("location")!;
      const aborted = await follow(jar, `${pageUrl}/abort`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "login=",
      });
      const back = new URL((await follow(jar, aborted.headers.get("location")!)).headers.get("location")!);
      expect(back.searchParams.get("error")).to.equal("access_denied");
    });

    it("lets the gateway's origin, and no other, call the token endpoint from a browser", async () => {
      const preflight = (origin: string) =>
        fetch(`${idp.issuer}/token`, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
          },
        });
      const allowed = await preflight(GATEWAY);
      expect(allowed.status).to.be.below(300);
      const { body } = await exchange("not-a-code", pkcePair().verifier);
      expect(body.error).to.equal("invalid_grant");
      const other = await fetch(`${idp.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: "x",
          redirect_uri: IDE_REDIRECT,
          client_id: "smart-ide",
          code_verifier: pkcePair().verifier,
        }),
      });
      expect(other.headers.get("access-control-allow-origin")).to.equal(null);
    });
  });
});
