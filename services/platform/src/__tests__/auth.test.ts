import { expect } from "chai";
import { SignJWT } from "jose";
import { createTokenVerifier, signToken } from "../auth.js";

const SECRET = "a-jwt-secret-of-at-least-thirty-two-characters";
const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly these claims (no defaults added). */
const tokenWith = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(SECRET));

const member = { role: "member", unit: "BE", sub: "BE:m5" };

describe("platform > auth > token rules", () => {
  const verifier = createTokenVerifier(SECRET);
  const refusals: [string, () => Promise<string>, RegExp][] = [
    ["an exp of 1e308 (never expires)", () => tokenWith({ ...member, iat: now(), exp: 1e308 }), /longer than 86400 s/],
    ["no iat", () => tokenWith({ ...member, exp: now() + 60 }), /missing `exp` or `iat`/],
    ["no exp", () => tokenWith({ ...member, iat: now() }), /missing `exp` or `iat`/],
    ["a lifetime of 25 h", () => tokenWith({ ...member, iat: now(), exp: now() + 25 * 3600 }), /longer than/],
    ["issued 2 minutes in the future", () => tokenWith({ ...member, iat: now() + 120, exp: now() + 3600 }), /issued in the future/],
    ["issued 25 h ago, still unexpired", () => tokenWith({ ...member, iat: now() - 25 * 3600, exp: now() + 3600 }), /expired|longer than/],
    ["expired 2 minutes ago", () => tokenWith({ ...member, iat: now() - 3600, exp: now() - 120 }), /expired/],
  ];
  for (const [name, token, message] of refusals) {
    it(`refuses a token with ${name} (UNAUTHENTICATED, 401)`, async () => {
      const error = await verifier.viewerOf(`Bearer ${await token()}`).then(
        () => undefined,
        (e: unknown) => e as { message: string; extensions: unknown },
      );
      expect(error?.message).to.match(message);
      expect(error?.extensions).to.deep.equal({ code: "UNAUTHENTICATED", http: { status: 401 } });
    });
  }

  it("tolerates 60 s of clock skew on exp and iat", async () => {
    expect(await verifier.viewerOf(`Bearer ${await tokenWith({ ...member, iat: now() - 3600, exp: now() - 30 })}`)).to.deep.equal(member);
    expect(await verifier.viewerOf(`Bearer ${await tokenWith({ ...member, iat: now() + 30, exp: now() + 3600 })}`)).to.deep.equal(member);
  });

  it("takes a 24 h token, and a shorter maximum when configured", async () => {
    const day = await signToken({ role: "central_office" }, SECRET, "24h");
    expect(await verifier.viewerOf(`Bearer ${day}`)).to.deep.equal({ role: "central_office" });
    const error = await createTokenVerifier(SECRET, { maxLifetimeSeconds: 3600 })
      .viewerOf(`Bearer ${day}`)
      .catch((e: Error) => e);
    expect((error as Error).message).to.match(/longer than 3600 s/);
  });

  it("keeps a verified token no longer than it is valid: past its exp it is refused, cached or not", async function () {
    this.timeout(10_000);
    const strict = createTokenVerifier(SECRET, { clockSkewSeconds: 0 });
    const exp = now() + 2;
    const token = `Bearer ${await tokenWith({ ...member, iat: now(), exp })}`;
    expect(await strict.viewerOf(token)).to.deep.equal(member);
    expect(await strict.viewerOf(token)).to.deep.equal(member);
    await new Promise((resolve) => setTimeout(resolve, (exp + 0.2) * 1000 - Date.now()));
    const error = await strict.viewerOf(token).catch((e: Error) => e);
    expect((error as Error).message).to.equal("Token expired.");
  });
});
