import { expect } from "chai";
import { parse } from "graphql";
import { ConfigError } from "../config.js";
import {
  createSignatureVerifier,
  DEVELOPMENT_SIGNING_SECRET,
  routerNameIn,
  signatureHeaders,
  signingSecrets,
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
} from "../routerProtocol/index.js";

const SECRET = "the-gateway-signing-secret-of-at-least-32-chars";
const OTHER = "another-gateway-signing-secret-at-least-32-chars";
const NOW = 1_800_000_000;
const body = JSON.stringify({ query: "{ members { edges { cursor } } }", variables: { __sr_include_0: true } });

/** The headers a gateway with `secret` would send at `timestamp`, as the verifier reads them. */
function signed(secret: string, timestamp = NOW, authorization?: string) {
  const headers = signatureHeaders(secret, { timestamp, authorization, body });
  return { signature: headers[SIGNATURE_HEADER], timestamp: headers[SIGNATURE_TIMESTAMP_HEADER], ...(authorization ? { authorization } : {}) };
}

describe("platform > router protocol > gateway signature", () => {
  const verifier = createSignatureVerifier([SECRET], () => NOW);
  const cases: { name: string; headers: Parameters<typeof verifier.isSignedByGateway>[0]; body?: string; verdict: boolean | RegExp }[] = [
    { name: "no signature: a direct caller", headers: {}, verdict: false },
    { name: "signed by the gateway just now", headers: signed(SECRET), verdict: true },
    { name: "signed 59 s ago", headers: signed(SECRET, NOW - 59), verdict: true },
    { name: "replayed 61 s later", headers: signed(SECRET, NOW - 61), verdict: /out of date/ },
    { name: "dated 61 s ahead", headers: signed(SECRET, NOW + 61), verdict: /out of date/ },
    { name: "signed with another secret", headers: signed(OTHER), verdict: /does not verify/ },
    { name: "another body under the signature", headers: signed(SECRET), body: body.replace("true", "false"), verdict: /does not verify/ },
    {
      name: "another Authorization under the signature",
      headers: { ...signed(SECRET, NOW, "Bearer a"), authorization: "Bearer b" },
      verdict: /does not verify/,
    },
    { name: "a signature without its timestamp", headers: { signature: signed(SECRET).signature }, verdict: /malformed/ },
    { name: "a timestamp without a signature", headers: { timestamp: String(NOW) }, verdict: /malformed/ },
    { name: "a signature of another scheme", headers: { ...signed(SECRET), signature: "v0=abc" }, verdict: /malformed/ },
  ];
  for (const { name, headers, body: sent, verdict } of cases) {
    it(`${name}: ${verdict instanceof RegExp ? "refused (401)" : verdict ? "signed" : "unsigned"}`, () => {
      const check = () => verifier.isSignedByGateway(headers, sent ?? body);
      if (verdict instanceof RegExp) {
        expect(check).to.throw(verdict);
        try {
          check();
        } catch (error) {
          expect((error as { extensions: unknown }).extensions).to.deep.equal({ code: "UNAUTHENTICATED", http: { status: 401 } });
        }
      } else {
        expect(check()).to.equal(verdict);
      }
    });
  }

  it("accepts both secrets during a rotation, in either role", () => {
    const rotating = createSignatureVerifier([OTHER, SECRET], () => NOW);
    expect(rotating.isSignedByGateway(signed(SECRET), body)).to.equal(true);
    expect(rotating.isSignedByGateway(signed(OTHER), body)).to.equal(true);
  });

  it("reads GATEWAY_SIGNING_SECRET and the one also accepted; production refuses to start without one", () => {
    expect(signingSecrets({ GATEWAY_SIGNING_SECRET: SECRET, GATEWAY_SIGNING_SECRET_ACCEPTED: OTHER })).to.deep.equal({ current: SECRET, accepted: OTHER });
    expect(() => signingSecrets({ NODE_ENV: "production" })).to.throw(ConfigError, /GATEWAY_SIGNING_SECRET: required/);
    expect(() => signingSecrets({ GATEWAY_SIGNING_SECRET: "short" })).to.throw(ConfigError, /at least 32/);
    expect(() => signingSecrets({ GATEWAY_SIGNING_SECRET_ACCEPTED: OTHER })).to.throw(ConfigError, /only beside/);
    const warnings: string[] = [];
    expect(signingSecrets({}, (line) => warnings.push(line))).to.deep.equal({ current: DEVELOPMENT_SIGNING_SECRET });
    expect(warnings.join()).to.match(/PUBLIC DEVELOPMENT SECRET/);
  });
});

describe("platform > router protocol > reserved names", () => {
  it("finds the namespace as an alias, a variable, an operation or a fragment name, and nowhere else", () => {
    expect(routerNameIn(parse("{ __sr_x: members { edges { cursor } } }"))).to.equal("__sr_x");
    expect(routerNameIn(parse("query($__sr_include_0: Boolean!) { __typename }"))).to.equal("__sr_include_0");
    expect(routerNameIn(parse("query __sr_op { __typename }"))).to.equal("__sr_op");
    expect(routerNameIn(parse("{ ...__sr_f } fragment __sr_f on Query { __typename }"))).to.equal("__sr_f");
    expect(routerNameIn(parse('{ members(filter: { nameContains: "__sr_" }) { edges { cursor } } }'))).to.equal(undefined);
  });
});
