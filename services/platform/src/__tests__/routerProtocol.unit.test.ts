import { expect } from "chai";
import { generateKeyPairSync } from "node:crypto";
import { parse } from "graphql";
import { createSigner, createVerifier, httpbis } from "http-message-signatures";
import { ConfigError } from "../config.js";
import {
  createGatewaySigner,
  createSignatureVerifier,
  DEVELOPMENT_GATEWAY_KEY_ID,
  developmentPublicKeys,
  developmentSigningKey,
  gatewayPublicKeys,
  gatewaySigningKey,
  generateGatewayKeyPair,
  publicKeysFromJwks,
  routerNameIn,
  signingKeyFromPem,
  viewerFromSignedClaims,
  viewerHeader,
  type GatewayPublicKey,
  type GatewaySigningKey,
  type ReceivedRequest,
  type SignatureTarget,
} from "../routerProtocol/index.js";
import type { Viewer } from "../auth.js";

const NOW = 1_800_000_000;
const BE_URL = "http://127.0.0.1:4002/graphql";
const body = JSON.stringify({ query: "mutation { cancelBooking(id: $id) { id } }", variables: { id: "BE:b1" } });
const STAFF = '{"role":"unit_staff","unit":"BE"}';

/** A fresh key pair, as `npm run keys` makes one. */
function keyPair(keyId: string): { signing: GatewaySigningKey; public: GatewayPublicKey[] } {
  const pair = generateGatewayKeyPair(keyId);
  return { signing: signingKeyFromPem(pair.privateKeyPem, keyId), public: publicKeysFromJwks(pair.publicJwks) };
}

/** What a unit receives from a gateway signing with `key` at `now`: the request as sent, headers lower-cased as Node gives them. */
function signedCall(
  options: {
    key?: GatewaySigningKey;
    now?: number;
    target?: SignatureTarget;
    url?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): ReceivedRequest {
  const headers = options.headers ?? {
    "accept-language": "fr-BE, nl;q=0.8",
    "x-request-id": "req-1",
    "x-smart-viewer": STAFF,
  };
  const sent = options.body ?? body;
  const signer = createGatewaySigner(options.key ?? developmentSigningKey(), { now: () => options.now ?? NOW });
  const added = signer.sign({ url: options.url ?? BE_URL, target: options.target ?? "BE", headers, body: sent });
  return {
    method: "POST",
    targetUri: options.url ?? BE_URL,
    headers: { "content-type": "application/json", ...headers, ...added },
    body: Buffer.from(sent),
  };
}

const withHeaders = (request: ReceivedRequest, headers: Record<string, string | undefined>): ReceivedRequest => ({
  ...request,
  headers: { ...request.headers, ...headers },
});

/** The 401 a subgraph answers, or the verdict. */
function verdictOf(check: () => boolean): boolean | string {
  try {
    return check();
  } catch (error) {
    expect((error as { extensions: unknown }).extensions).to.deep.equal({
      code: "UNAUTHENTICATED",
      http: { status: 401 },
    });
    return (error as Error).message;
  }
}

describe("platform > router protocol > gateway signature (RFC 9421, Ed25519)", () => {
  const unitBE = () => createSignatureVerifier(developmentPublicKeys(), { self: "BE", now: () => NOW });

  const cases: { name: string; request: () => ReceivedRequest; verdict: true | false | RegExp }[] = [
    {
      name: "no signature: a direct caller",
      request: () => ({ method: "POST", targetUri: BE_URL, headers: { authorization: "Bearer x" }, body }),
      verdict: false,
    },
    { name: "signed for BE just now", request: () => signedCall(), verdict: true },
    {
      name: "an anonymous caller (no x-smart-viewer, no Accept-Language)",
      request: () => signedCall({ headers: {} }),
      verdict: true,
    },
    { name: "signed 59 s ago", request: () => signedCall({ now: NOW - 59 }), verdict: true },
    {
      name: "replayed 61 s after it was signed",
      request: () => signedCall({ now: NOW - 61 }),
      verdict: /more than 60 s from this service's clock/,
    },
    { name: "dated 61 s ahead", request: () => signedCall({ now: NOW + 61 }), verdict: /more than 60 s/ },
    { name: "signed for FR", request: () => signedCall({ target: "FR" }), verdict: /signed for "FR", and this is BE/ },
    {
      name: "signed for central",
      request: () => signedCall({ target: "central" }),
      verdict: /signed for "central", and this is BE/,
    },
    {
      name: "FR's call relabelled BE",
      request: () => withHeaders(signedCall({ target: "FR" }), { "x-smart-target": "BE" }),
      verdict: /does not verify/,
    },
    {
      name: "a second target header",
      request: () => withHeaders(signedCall(), { "x-smart-target": "BE, FR" }),
      verdict: /signed for "BE, FR"/,
    },
    {
      name: "another body",
      request: () => ({ ...signedCall(), body: body.replace("BE:b1", "BE:b2") }),
      verdict: /Content-Digest is not the body's/,
    },
    {
      name: "another body with its own Content-Digest",
      request: () => {
        const forged = body.replace("BE:b1", "BE:b2");
        return {
          ...withHeaders(signedCall(), {
            "content-digest": signedCall({ body: forged }).headers["content-digest"] as string,
          }),
          body: forged,
        };
      },
      verdict: /does not verify/,
    },
    {
      name: "another viewer",
      request: () => withHeaders(signedCall(), { "x-smart-viewer": '{"role":"central_office"}' }),
      verdict: /does not verify/,
    },
    {
      name: "a viewer added to an anonymous call",
      request: () => withHeaders(signedCall({ headers: {} }), { "x-smart-viewer": '{"role":"central_office"}' }),
      verdict: /x-smart-viewer is present but not covered/,
    },
    {
      name: "the viewer taken away",
      request: () => withHeaders(signedCall(), { "x-smart-viewer": undefined }),
      verdict: /x-smart-viewer is covered but absent/,
    },
    {
      name: "another Accept-Language",
      request: () => withHeaders(signedCall(), { "accept-language": "de" }),
      verdict: /does not verify/,
    },
    {
      name: "another x-request-id",
      request: () => withHeaders(signedCall(), { "x-request-id": "req-2" }),
      verdict: /does not verify/,
    },
    {
      name: "another path",
      request: () => ({ ...signedCall(), targetUri: "http://127.0.0.1:4002/graphql?x=1" }),
      verdict: /does not verify/,
    },
    { name: "another method", request: () => ({ ...signedCall(), method: "PUT" }), verdict: /does not verify/ },
    {
      name: "an unknown key ID",
      request: () => signedCall({ key: keyPair("someone-else").signing }),
      verdict: /unknown key "someone-else"/,
    },
    {
      name: "another key under the development key's ID",
      request: () => signedCall({ key: keyPair(DEVELOPMENT_GATEWAY_KEY_ID).signing }),
      verdict: /does not verify/,
    },
    {
      name: "a Signature without its Signature-Input",
      request: () => withHeaders(signedCall(), { "signature-input": undefined }),
      verdict: /go together/,
    },
    {
      name: "two signatures",
      request: () => {
        const call = signedCall();
        return withHeaders(call, { signature: `${call.headers.signature as string}, other=:AAAA:` });
      },
      verdict: /exactly one Ed25519 signature/,
    },
    {
      name: "another algorithm named",
      request: () => {
        const call = signedCall();
        return withHeaders(call, {
          "signature-input": (call.headers["signature-input"] as string).replace('alg="ed25519"', 'alg="hmac-sha256"'),
        });
      },
      verdict: /alg="ed25519"/,
    },
    {
      name: "a tag taken away",
      request: () => {
        const call = signedCall();
        return withHeaders(call, {
          "signature-input": (call.headers["signature-input"] as string).replace(';tag="smart-gateway"', ""),
        });
      },
      verdict: /exactly the parameters/,
    },
    {
      name: "fewer components covered",
      request: () => {
        const call = signedCall({ headers: {} });
        return withHeaders(call, {
          "signature-input": (call.headers["signature-input"] as string).replace(' "x-smart-target"', ""),
        });
      },
      verdict: /does not cover x-smart-target/,
    },
  ];
  for (const { name, request, verdict } of cases) {
    it(`${name}: ${verdict instanceof RegExp ? "refused (401)" : verdict ? "signed" : "unsigned"}`, () => {
      const result = verdictOf(() => unitBE().isSignedByGateway(request()));
      if (verdict instanceof RegExp)
        expect(result)
          .to.be.a("string")
          .and.match(/^Gateway signature: /)
          .and.match(verdict);
      else expect(result).to.equal(verdict);
    });
  }

  it("refuses the same call twice (its nonce), query or mutation alike", () => {
    const verifier = unitBE();
    const call = signedCall();
    expect(verifier.isSignedByGateway(call)).to.equal(true);
    expect(verdictOf(() => verifier.isSignedByGateway(call))).to.match(/nonce already used/);
    expect(verifier.isSignedByGateway(signedCall()), "the next call, its own nonce").to.equal(true);
  });

  it("refuses BE's call at FR and at central, and nothing remembers it there", () => {
    const call = signedCall();
    for (const self of ["FR", "central"] as const) {
      const verifier = createSignatureVerifier(developmentPublicKeys(), { self, now: () => NOW });
      expect(verdictOf(() => verifier.isSignedByGateway(call))).to.match(
        new RegExp(`signed for "BE", and this is ${self}`),
      );
    }
    expect(unitBE().isSignedByGateway(call)).to.equal(true);
  });

  it("accepts two public keys during a rotation, each chosen by its kid", () => {
    const current = keyPair("gateway-2026-01");
    const next = keyPair("gateway-2026-07");
    const rotating = createSignatureVerifier([...current.public, ...next.public], { self: "BE", now: () => NOW });
    expect(rotating.isSignedByGateway(signedCall({ key: current.signing }))).to.equal(true);
    expect(rotating.isSignedByGateway(signedCall({ key: next.signing }))).to.equal(true);
    expect(verdictOf(() => rotating.isSignedByGateway(signedCall()))).to.match(
      /unknown key "smart-development" \(this service accepts gateway-2026-01, gateway-2026-07\)/,
    );
  });

  it("remembers nonces in bounded memory, and refuses rather than forget one too early", () => {
    const verifier = createSignatureVerifier(developmentPublicKeys(), { self: "BE", now: () => NOW, maxNonces: 2 });
    const [a, b, c] = [signedCall(), signedCall(), signedCall()];
    for (const call of [a, b, c]) expect(verifier.isSignedByGateway(call)).to.equal(true);
    expect(
      verdictOf(() => verifier.isSignedByGateway(a)),
      "a's nonce was pushed out: no replay of it",
    ).to.match(/too many signed calls/);
    expect(verifier.isSignedByGateway(signedCall({ now: NOW + 1 })), "a younger call").to.equal(true);
  });

  describe("the wire format is http-message-signatures' (npm)", () => {
    const pair = keyPair("gateway-interop");
    const realNow = () => Math.floor(Date.now() / 1000);

    it("which verifies the gateway's signature", async () => {
      const call = signedCall({ key: pair.signing, now: realNow() });
      const verified = await httpbis.verifyMessage(
        {
          keyLookup: async ({ keyid }) =>
            keyid === "gateway-interop"
              ? { id: keyid, algs: ["ed25519"], verify: createVerifier(pair.public[0]!.publicKey, "ed25519") }
              : null,
          requiredFields: ["@method", "@target-uri", "content-digest", "x-smart-target", "x-smart-viewer"],
          requiredParams: ["created", "nonce", "keyid", "alg", "tag"],
        },
        { method: call.method, url: call.targetUri, headers: call.headers as Record<string, string> },
      );
      expect(verified).to.equal(true);
    });

    it("whose signature the units verify", async () => {
      const created = realNow();
      const headers = {
        "content-digest": signedCall().headers["content-digest"] as string,
        "x-smart-target": "BE",
        "x-smart-viewer": STAFF,
        "x-request-id": "lib-1",
      };
      const signed = await httpbis.signMessage(
        {
          key: createSigner(pair.signing.privateKey, "ed25519", "gateway-interop"),
          name: "smart",
          fields: ["@method", "@target-uri", "content-digest", "x-smart-target", "x-smart-viewer", "x-request-id"],
          params: ["created", "nonce", "keyid", "alg", "tag"],
          paramValues: { created: new Date(created * 1000), nonce: "library-nonce-1", tag: "smart-gateway" },
        },
        { method: "POST", url: BE_URL, headers },
      );
      const lowered = Object.fromEntries(
        Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const verifier = createSignatureVerifier(pair.public, { self: "BE", now: realNow });
      expect(verifier.isSignedByGateway({ method: "POST", targetUri: BE_URL, headers: lowered, body })).to.equal(true);
    });
  });

  it("costs one Ed25519 signature and one verification per call (keys imported once)", () => {
    const signer = createGatewaySigner(developmentSigningKey());
    const verifier = createSignatureVerifier(developmentPublicKeys(), { self: "BE" });
    const headers = { "x-smart-viewer": STAFF, "accept-language": "fr" };
    for (let i = 0; i < 50; i++) {
      const added = signer.sign({ url: BE_URL, target: "BE", headers, body });
      expect(
        verifier.isSignedByGateway({ method: "POST", targetUri: BE_URL, headers: { ...headers, ...added }, body }),
      ).to.equal(true);
    }
  });
});

describe("platform > router protocol > gateway keys", () => {
  it("reads GATEWAY_SIGNING_KEY with its ID; production refuses to start without one; outside, the development key, loudly", () => {
    const pair = generateGatewayKeyPair("gateway-1");
    expect(
      gatewaySigningKey({ GATEWAY_SIGNING_KEY: pair.privateKeyPem, GATEWAY_SIGNING_KEY_ID: "gateway-1" }).keyId,
    ).to.equal("gateway-1");
    expect(
      gatewaySigningKey({
        GATEWAY_SIGNING_KEY: pair.privateKeyPem.replace(/\n/g, "\\n"),
        GATEWAY_SIGNING_KEY_ID: "gateway-1",
      }).keyId,
      "\\n escaped",
    ).to.equal("gateway-1");
    expect(() => gatewaySigningKey({ NODE_ENV: "production" })).to.throw(
      ConfigError,
      /^GATEWAY_SIGNING_KEY: required when NODE_ENV=production/,
    );
    expect(() => gatewaySigningKey({ GATEWAY_SIGNING_KEY: pair.privateKeyPem })).to.throw(
      ConfigError,
      /^GATEWAY_SIGNING_KEY_ID: required/,
    );
    expect(() => gatewaySigningKey({ GATEWAY_SIGNING_KEY: "not a key", GATEWAY_SIGNING_KEY_ID: "k" })).to.throw(
      ConfigError,
      /PKCS#8 PEM/,
    );
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    expect(() => gatewaySigningKey({ GATEWAY_SIGNING_KEY: ec, GATEWAY_SIGNING_KEY_ID: "k" })).to.throw(
      ConfigError,
      /expected an Ed25519 private key, got ec/,
    );
    const warnings: string[] = [];
    expect(gatewaySigningKey({}, (line) => warnings.push(line)).keyId).to.equal(DEVELOPMENT_GATEWAY_KEY_ID);
    expect(warnings.join()).to.match(/PUBLIC DEVELOPMENT KEY/);
  });

  it("reads GATEWAY_PUBLIC_KEYS: one or two Ed25519 public keys with their kid, never a private key", () => {
    const one = JSON.parse(generateGatewayKeyPair("a").publicJwks) as { keys: object[] };
    const two = JSON.parse(generateGatewayKeyPair("b").publicJwks) as { keys: object[] };
    const jwks = (keys: object[]) => JSON.stringify({ keys });
    expect(
      gatewayPublicKeys({ GATEWAY_PUBLIC_KEYS: jwks([...one.keys, ...two.keys]) }).map((key) => key.keyId),
    ).to.deep.equal(["a", "b"]);
    expect(() => gatewayPublicKeys({ NODE_ENV: "production" })).to.throw(
      ConfigError,
      /^GATEWAY_PUBLIC_KEYS: required when NODE_ENV=production/,
    );
    expect(() => gatewayPublicKeys({ GATEWAY_PUBLIC_KEYS: "{" })).to.throw(ConfigError, /JWKS JSON/);
    expect(() => gatewayPublicKeys({ GATEWAY_PUBLIC_KEYS: jwks([...one.keys, ...two.keys, ...one.keys]) })).to.throw(
      ConfigError,
      /one key, or two/,
    );
    expect(() => gatewayPublicKeys({ GATEWAY_PUBLIC_KEYS: jwks([...one.keys, ...one.keys]) })).to.throw(
      ConfigError,
      /kid "a" is given twice/,
    );
    expect(() => gatewayPublicKeys({ GATEWAY_PUBLIC_KEYS: jwks([{ ...one.keys[0], kid: undefined }]) })).to.throw(
      ConfigError,
      /"kid"/,
    );
    const { privateKey } = generateKeyPairSync("ed25519");
    const withPrivate = { ...privateKey.export({ format: "jwk" }), kid: "p" };
    expect(() => gatewayPublicKeys({ GATEWAY_PUBLIC_KEYS: jwks([withPrivate]) })).to.throw(
      ConfigError,
      /holds a private key/,
    );
    const warnings: string[] = [];
    expect(gatewayPublicKeys({}, (line) => warnings.push(line)).map((key) => key.keyId)).to.deep.equal([
      DEVELOPMENT_GATEWAY_KEY_ID,
    ]);
    expect(warnings.join()).to.match(/PUBLIC DEVELOPMENT KEY/);
  });
});

describe("platform > router protocol > x-smart-viewer", () => {
  const viewers: [Viewer, string | undefined][] = [
    [{ role: "anonymous" }, undefined],
    [{ role: "member", unit: "BE", sub: "BE:m17" }, '{"role":"member","unit":"BE","sub":"BE:m17"}'],
    [{ role: "unit_staff", unit: "BE" }, '{"role":"unit_staff","unit":"BE"}'],
    [{ role: "central_office" }, '{"role":"central_office"}'],
    [{ role: "service", work: "indicators" }, '{"role":"service","work":"indicators"}'],
    [{ role: "service", work: "member_rights" }, '{"role":"service","work":"member_rights"}'],
  ];
  for (const [viewer, header] of viewers) {
    it(`${JSON.stringify(viewer)} travels as ${header ?? "no header"} and back`, () => {
      expect(viewerHeader(viewer)).to.equal(header);
      expect(viewerFromSignedClaims(header)).to.deep.equal(viewer);
    });
  }

  for (const bad of [
    "not json",
    "[]",
    '{"role":"admin"}',
    '{"role":"member","unit":"BE","sub":"FR:m1"}',
    '{"role":"member","unit":"BE"}',
    '{"role":"unit_staff","unit":"X1"}',
    '{"role":"central_office","unit":"BE"}',
    '{"role":"service","work":"everything"}',
    '{"role":"anonymous"}',
  ]) {
    it(`refuses ${bad} (401)`, () => {
      expect(() => viewerFromSignedClaims(bad))
        .to.throw(/^x-smart-viewer: /)
        .with.property("extensions")
        .that.deep.equals({ code: "UNAUTHENTICATED", http: { status: 401 } });
    });
  }
});

describe("platform > router protocol > reserved names", () => {
  it("finds the namespace as an alias, a variable, an operation or a fragment name, and nowhere else", () => {
    expect(routerNameIn(parse("{ __sr_x: members { edges { cursor } } }"))).to.equal("__sr_x");
    expect(routerNameIn(parse("query($__sr_include_0: Boolean!) { __typename }"))).to.equal("__sr_include_0");
    expect(routerNameIn(parse("query __sr_op { __typename }"))).to.equal("__sr_op");
    expect(routerNameIn(parse("{ ...__sr_f } fragment __sr_f on Query { __typename }"))).to.equal("__sr_f");
    expect(routerNameIn(parse('{ members(filter: { nameContains: "__sr_" }) { edges { cursor } } }'))).to.equal(
      undefined,
    );
  });
});
