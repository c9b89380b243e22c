import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import { ConfigError } from "../config.js";

/**
 * The gateway's Ed25519 key pair: the gateway alone holds the private key
 * (GATEWAY_SIGNING_KEY, PKCS#8 PEM, named by GATEWAY_SIGNING_KEY_ID); every unit
 * and central hold only the public keys (GATEWAY_PUBLIC_KEYS, a JWKS), one, or
 * two while a key is being replaced, chosen by `kid`. Keys are imported once,
 * at start: signing and verifying then cost no parsing.
 */
export interface GatewaySigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export interface GatewayPublicKey {
  keyId: string;
  publicKey: KeyObject;
}

/** A key ID as it travels in a signature's `keyid` (a quoted sf-string: no quotes, no backslashes). */
const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The most public keys a subgraph accepts at once: the current one and the next (or previous) during a rotation. */
export const MAX_GATEWAY_PUBLIC_KEYS = 2;

/**
 * The development key pair, committed here on purpose: outside production, a
 * gateway without GATEWAY_SIGNING_KEY signs with it and a subgraph without
 * GATEWAY_PUBLIC_KEYS accepts it, each announcing it loudly. Anyone can sign
 * with it: production refuses to start without real keys.
 */
export const DEVELOPMENT_GATEWAY_KEY_ID = "smart-development";
export const DEVELOPMENT_GATEWAY_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBN57FmuRG6K1q9W3BjvODWuaQLFNqD+GK6V8XxYgQ5v
-----END PRIVATE KEY-----
`;
export const DEVELOPMENT_GATEWAY_PUBLIC_KEYS = JSON.stringify({
  keys: [
    {
      kty: "OKP",
      crv: "Ed25519",
      x: "usgGxpAcgZORfw9cC0QPYpCWe5xNdyEWjIkfbIN6Wt4",
      kid: DEVELOPMENT_GATEWAY_KEY_ID,
      alg: "EdDSA",
      use: "sig",
    },
  ],
});

let developmentSigning: GatewaySigningKey | undefined;
let developmentPublic: GatewayPublicKey[] | undefined;

/** The development signing key (imported once). */
export function developmentSigningKey(): GatewaySigningKey {
  return (developmentSigning ??= signingKeyFromPem(
    DEVELOPMENT_GATEWAY_SIGNING_KEY,
    DEVELOPMENT_GATEWAY_KEY_ID,
    "the development key",
  ));
}

/** The development public key, as a subgraph holds it (imported once). */
export function developmentPublicKeys(): GatewayPublicKey[] {
  return (developmentPublic ??= publicKeysFromJwks(DEVELOPMENT_GATEWAY_PUBLIC_KEYS, "the development keys"));
}

/** An Ed25519 private key from PKCS#8 PEM (a `\n` written as two characters is read as a line break). */
export function signingKeyFromPem(pem: string, keyId: string, name = "GATEWAY_SIGNING_KEY"): GatewaySigningKey {
  if (!KEY_ID.test(keyId))
    throw new ConfigError(`GATEWAY_SIGNING_KEY_ID: expected 1 to 64 of A–Z a–z 0–9 . _ : -, got '${keyId}'`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem.replace(/\\n/g, "\n"), format: "pem" });
  } catch {
    throw new ConfigError(
      `${name}: expected an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); \`npm run keys\` makes one`,
    );
  }
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new ConfigError(
      `${name}: expected an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? "another kind of key"}`,
    );
  }
  return { keyId, privateKey };
}

/** The public keys of a JWKS document: Ed25519 (kty OKP), each with its `kid`; never a private key. */
export function publicKeysFromJwks(text: string, name = "GATEWAY_PUBLIC_KEYS"): GatewayPublicKey[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ConfigError(
      `${name}: expected a JWKS JSON document, {"keys":[{"kty":"OKP","crv":"Ed25519","x":"…","kid":"…"}]}`,
    );
  }
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length < 1 || keys.length > MAX_GATEWAY_PUBLIC_KEYS) {
    throw new ConfigError(`${name}: expected "keys" with one key, or two during a rotation`);
  }
  const seen = new Set<string>();
  return keys.map((key: unknown, index) => {
    const jwk = (key ?? {}) as JsonWebKey & { kid?: unknown };
    const at = `${name}: keys[${index}]`;
    if ("d" in jwk)
      throw new ConfigError(`${at} holds a private key ("d"): a subgraph must hold the gateway's public key only`);
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string")
      throw new ConfigError(`${at}: expected an Ed25519 key (kty OKP, crv Ed25519, x)`);
    if (typeof jwk.kid !== "string" || !KEY_ID.test(jwk.kid))
      throw new ConfigError(`${at}: expected a "kid" of 1 to 64 of A–Z a–z 0–9 . _ : -`);
    if (seen.has(jwk.kid)) throw new ConfigError(`${at}: kid "${jwk.kid}" is given twice`);
    seen.add(jwk.kid);
    try {
      return {
        keyId: jwk.kid,
        publicKey: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" }),
      };
    } catch {
      throw new ConfigError(`${at}: "x" is not an Ed25519 public key`);
    }
  });
}

/**
 * GATEWAY_SIGNING_KEY and GATEWAY_SIGNING_KEY_ID, or the development key with a
 * warning; production refuses to start without them.
 *
 * Rotating without downtime: (1) make a new pair (`npm run keys`) and add its
 * public key to every subgraph's GATEWAY_PUBLIC_KEYS beside the current one;
 * (2) give the gateway the new private key and its ID; (3) remove the old public key.
 */
export function gatewaySigningKey(
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = console.warn,
): GatewaySigningKey {
  const pem = env.GATEWAY_SIGNING_KEY || undefined;
  const keyId = env.GATEWAY_SIGNING_KEY_ID || undefined;
  if (pem) {
    if (!keyId)
      throw new ConfigError(
        "GATEWAY_SIGNING_KEY_ID: required beside GATEWAY_SIGNING_KEY (the `kid` of its public key in the subgraphs' GATEWAY_PUBLIC_KEYS)",
      );
    return signingKeyFromPem(pem, keyId);
  }
  if (keyId) throw new ConfigError("GATEWAY_SIGNING_KEY_ID: set only beside GATEWAY_SIGNING_KEY");
  if (env.NODE_ENV === "production") {
    throw new ConfigError(
      "GATEWAY_SIGNING_KEY: required when NODE_ENV=production (the gateway's Ed25519 private key, PKCS#8 PEM, with GATEWAY_SIGNING_KEY_ID; `npm run keys` makes a pair)",
    );
  }
  warn(
    "!!! GATEWAY_SIGNING_KEY is not set: signing with the PUBLIC DEVELOPMENT KEY. Anyone can pose as the gateway. Never do this in production. !!!",
  );
  return developmentSigningKey();
}

/**
 * GATEWAY_PUBLIC_KEYS (a JWKS: the gateway's current public key, and the next
 * one during a rotation), or the development key with a warning; production
 * refuses to start without them.
 */
export function gatewayPublicKeys(
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = console.warn,
): GatewayPublicKey[] {
  const jwks = env.GATEWAY_PUBLIC_KEYS || undefined;
  if (jwks) return publicKeysFromJwks(jwks);
  if (env.NODE_ENV === "production") {
    throw new ConfigError(
      'GATEWAY_PUBLIC_KEYS: required when NODE_ENV=production (the gateway\'s public key(s) as a JWKS, {"keys":[…]}; `npm run keys` prints it)',
    );
  }
  warn(
    "!!! GATEWAY_PUBLIC_KEYS is not set: accepting the PUBLIC DEVELOPMENT KEY. Anyone can pose as the gateway. Never do this in production. !!!",
  );
  return developmentPublicKeys();
}

/** A fresh gateway key pair: the private key as PKCS#8 PEM, and the public key as a JWKS naming `keyId`. */
export function generateGatewayKeyPair(keyId: string): { keyId: string; privateKeyPem: string; publicJwks: string } {
  if (!KEY_ID.test(keyId)) throw new ConfigError(`key ID: expected 1 to 64 of A–Z a–z 0–9 . _ : -, got '${keyId}'`);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const { x } = publicKey.export({ format: "jwk" });
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicJwks: JSON.stringify({ keys: [{ kty: "OKP", crv: "Ed25519", x, kid: keyId, alg: "EdDSA", use: "sig" }] }),
  };
}
