import { createHash, randomUUID, sign, verify } from "node:crypto";
import { GraphQLError } from "graphql";
import { LRUCache } from "lru-cache";
import type { GatewayPublicKey, GatewaySigningKey } from "./gatewayKeys.js";
import { VIEWER_HEADER } from "./viewerHeader.js";

/**
 * The gateway signs every call it makes to a unit or to central with its Ed25519
 * private key, as RFC 9421 HTTP Message Signatures: one signature labelled
 * `smart`, covering
 *   "@method" "@target-uri" "content-digest" "x-smart-target"
 * and, whenever the request carries them, "x-smart-viewer" "x-request-id"
 * "accept-language", with the parameters created, nonce, keyid, alg="ed25519",
 * tag="smart-gateway". `content-digest` is RFC 9530's sha-256 of the exact body.
 *
 * A unit or central holds the gateway's public key(s) only and refuses (401) a
 * signature whose target is not itself, whose `created` is more than 60 s from
 * its clock, whose nonce it has seen, whose digest is not the body's, whose key
 * it does not know, or that does not verify: a call signed for BE is worth
 * nothing at FR or central, and nothing twice at BE.
 *
 * The wire format is the one `http-message-signatures` (npm) writes and reads
 * (routerProtocol.unit.test.ts checks both ways); this module builds it with
 * node:crypto directly because the set of components is fixed, and the
 * library's generic structured-field parsing cost twice the signature itself on
 * every unit call.
 */
export const SIGNATURE_HEADER = "signature";
export const SIGNATURE_INPUT_HEADER = "signature-input";
export const CONTENT_DIGEST_HEADER = "content-digest";
export const TARGET_HEADER = "x-smart-target";
export const REQUEST_ID_HEADER = "x-request-id";
export const SIGNATURE_LABEL = "smart";
export const SIGNATURE_TAG = "smart-gateway";
export const SIGNATURE_ALGORITHM = "ed25519";

/** How far a signature's `created` may be from the subgraph's clock, either way; a nonce is remembered as long. */
export const SIGNATURE_MAX_AGE_SECONDS = 60;

/** Who a call is signed for: a unit (its code), or the central office (`central`). */
export type SignatureTarget = string;

/** Always covered. */
const ALWAYS_COVERED = ["@method", "@target-uri", CONTENT_DIGEST_HEADER, TARGET_HEADER] as const;
/** Covered whenever the request carries them: a header the signature does not cover is refused, never ignored. */
const COVERED_WHEN_PRESENT = [VIEWER_HEADER, REQUEST_ID_HEADER, "accept-language"] as const;
const COVERABLE: ReadonlySet<string> = new Set([...ALWAYS_COVERED, ...COVERED_WHEN_PRESENT]);

/** RFC 9530 Content-Digest of `body`, sha-256. */
export function contentDigest(body: string | Uint8Array): string {
  return `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
}

export interface RequestToSign {
  /** Default POST. */
  method?: string;
  /** The full URL called, as sent (scheme, host and port, path). */
  url: string;
  target: SignatureTarget;
  /** The headers sent: those of COVERED_WHEN_PRESENT among them are covered. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string | Uint8Array;
}

export interface GatewaySigner {
  readonly keyId: string;
  /** The headers to add to the request: content-digest, x-smart-target, signature-input, signature. */
  sign(request: RequestToSign): Record<string, string>;
}

/** Signs with `key`; `now` (Unix seconds) and `nonce` are for tests. */
export function createGatewaySigner(
  key: GatewaySigningKey,
  options: { now?: () => number; nonce?: () => string } = {},
): GatewaySigner {
  const now = options.now ?? (() => Date.now() / 1000);
  const nonce = options.nonce ?? randomUUID;
  const tail = `;keyid="${key.keyId}";alg="${SIGNATURE_ALGORITHM}";tag="${SIGNATURE_TAG}"`;
  return {
    keyId: key.keyId,
    sign({ method = "POST", url, target, headers, body }) {
      const digest = contentDigest(body);
      let names = `"@method" "@target-uri" "${CONTENT_DIGEST_HEADER}" "${TARGET_HEADER}"`;
      let base = `"@method": ${method.toUpperCase()}\n"@target-uri": ${url}\n"${CONTENT_DIGEST_HEADER}": ${digest}\n"${TARGET_HEADER}": ${target}\n`;
      for (const name of COVERED_WHEN_PRESENT) {
        const value = headers[name];
        if (value === undefined) continue;
        names += ` "${name}"`;
        base += `"${name}": ${value.trim()}\n`;
      }
      const params = `(${names});created=${Math.floor(now())};nonce="${nonce()}"${tail}`;
      const signature = sign(null, Buffer.from(`${base}"@signature-params": ${params}`), key.privateKey).toString(
        "base64",
      );
      return {
        [CONTENT_DIGEST_HEADER]: digest,
        [TARGET_HEADER]: target,
        [SIGNATURE_INPUT_HEADER]: `${SIGNATURE_LABEL}=${params}`,
        [SIGNATURE_HEADER]: `${SIGNATURE_LABEL}=:${signature}:`,
      };
    },
  };
}

/** A request as a subgraph received it. */
export interface ReceivedRequest {
  method: string;
  /** scheme://host[:port]/path?query, from the request line and Host. */
  targetUri: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The exact bytes of the body. */
  body: Uint8Array | string | undefined;
}

export interface SignatureVerifier {
  /**
   * True for a request the gateway signed for this subgraph, false for one with
   * no signature; throws UNAUTHENTICATED (HTTP 401) for any other: a forged,
   * replayed, misdirected or tampered call is refused, never downgraded to an
   * unsigned one.
   */
  isSignedByGateway(request: ReceivedRequest): boolean;
}

export interface SignatureVerifierOptions {
  /** This subgraph, as the gateway names it in `x-smart-target`. */
  self: SignatureTarget;
  /** Unix seconds (tests). */
  now?: () => number;
  /** Nonces remembered at most (default 200,000, about 20 MiB when full: over 1,600 signed calls a second for the two minutes one may be replayed). */
  maxNonces?: number;
}

const unauthenticated = (message: string) =>
  new GraphQLError(`Gateway signature: ${message}`, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** One signature: `label=("…" "…");param=value;…`, canonical (as serialised), nothing else. */
const SIGNATURE_INPUT =
  /^([a-z][a-z0-9_.-]{0,31})=(\((?:"[a-z0-9@-]{1,40}"(?: "[a-z0-9@-]{1,40}"){0,15})?\))((?:;[a-z][a-z0-9_.-]{0,31}=(?:-?\d{1,15}|"[\x20\x21\x23-\x5b\x5d-\x7e]{0,128}"))*)$/;
const SIGNATURE = /^([a-z][a-z0-9_.-]{0,31})=:([A-Za-z0-9+/]{86}==):$/;
const PARAMETER = /;([a-z][a-z0-9_.-]{0,31})=(?:(-?\d{1,15})|"([^"]*)")/g;

/**
 * Verifies with the gateway's public keys, chosen by `keyid` (the current one,
 * and the next during a rotation). Nonces are remembered, bounded, for as long
 * as their signature could be accepted; were more signed calls to arrive than it
 * can remember, it refuses signatures no younger than the youngest one it had
 * to forget rather than let a replay through.
 */
export function createSignatureVerifier(
  keys: readonly GatewayPublicKey[],
  options: SignatureVerifierOptions,
): SignatureVerifier {
  if (!keys.length) throw new Error("createSignatureVerifier: at least one public key");
  const byId = new Map(keys.map((key) => [key.keyId, key.publicKey]));
  const known = [...byId.keys()].join(", ");
  const now = options.now ?? (() => Date.now() / 1000);
  /** Signatures created at or before this (Unix seconds) are refused: a nonce of theirs may have been forgotten too early. */
  let forgottenUntil = -Infinity;
  const nonces = new LRUCache<string, number>({
    max: options.maxNonces ?? 200_000,
    ttlAutopurge: false,
    dispose: (created, _nonce, reason) => {
      if (reason === "evict" && created + SIGNATURE_MAX_AGE_SECONDS >= now())
        forgottenUntil = Math.max(forgottenUntil, created);
    },
  });
  // Expired nonces go every half minute (no timer: on the next signed call), so memory follows the traffic, not the bound.
  let purgedAt = Date.now();
  const remember = (nonce: string, created: number) => {
    if (Date.now() - purgedAt > 30_000) {
      purgedAt = Date.now();
      nonces.purgeStale();
    }
    // A copy of its own: the regex's match is a slice that would keep the whole Signature-Input alive.
    nonces.set(Buffer.from(nonce, "latin1").toString("latin1"), created, {
      ttl: Math.max(1, created + SIGNATURE_MAX_AGE_SECONDS + 1 - now()) * 1000,
    });
  };
  return {
    isSignedByGateway({ method, targetUri, headers, body }) {
      const signatureHeader = one(headers[SIGNATURE_HEADER]);
      const inputHeader = one(headers[SIGNATURE_INPUT_HEADER]);
      if (signatureHeader === undefined && inputHeader === undefined) return false;
      if (signatureHeader === undefined || inputHeader === undefined)
        throw unauthenticated("Signature and Signature-Input go together.");
      const input = SIGNATURE_INPUT.exec(inputHeader);
      const signature = SIGNATURE.exec(signatureHeader);
      if (!input || !signature)
        throw unauthenticated("malformed: expected exactly one Ed25519 signature and its Signature-Input.");
      if (input[1] !== signature[1]) throw unauthenticated("Signature and Signature-Input name different signatures.");
      const covered = [...input[2]!.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
      const params = new Map<string, string | number>();
      for (const [, name, number, text] of input[3]!.matchAll(PARAMETER)) {
        if (params.has(name!)) throw unauthenticated(`parameter ${name} given twice.`);
        params.set(name!, number !== undefined ? Number(number) : text!);
      }
      // What the gateway always signs with: anything else is not the gateway's.
      const { created, nonce, keyid } = Object.fromEntries(params) as {
        created?: unknown;
        nonce?: unknown;
        keyid?: unknown;
      };
      if (params.get("alg") !== SIGNATURE_ALGORITHM || params.get("tag") !== SIGNATURE_TAG || params.size !== 5)
        throw unauthenticated(
          `expected exactly the parameters created, nonce, keyid, alg="${SIGNATURE_ALGORITHM}" and tag="${SIGNATURE_TAG}".`,
        );
      if (typeof created !== "number" || typeof nonce !== "string" || !nonce || typeof keyid !== "string")
        throw unauthenticated("created must be a time, nonce and keyid strings.");
      const publicKey = byId.get(keyid);
      if (!publicKey) throw unauthenticated(`unknown key ${JSON.stringify(keyid)} (this service accepts ${known}).`);
      if (Math.abs(now() - created) > SIGNATURE_MAX_AGE_SECONDS)
        throw unauthenticated(
          `created ${created} is more than ${SIGNATURE_MAX_AGE_SECONDS} s from this service's clock (a replay, or a clock out of step).`,
        );
      if (created <= forgottenUntil)
        throw unauthenticated("too many signed calls to remember their nonces; ask again.");

      const seen = new Set<string>();
      for (const name of covered) {
        if (!COVERABLE.has(name) || seen.has(name))
          throw unauthenticated(`covers ${JSON.stringify(name)}, which the gateway does not sign (or twice).`);
        seen.add(name);
      }
      for (const name of ALWAYS_COVERED) if (!seen.has(name)) throw unauthenticated(`does not cover ${name}.`);
      for (const name of COVERED_WHEN_PRESENT) {
        if (seen.has(name) !== (headers[name] !== undefined))
          throw unauthenticated(`${name} is ${seen.has(name) ? "covered but absent" : "present but not covered"}.`);
      }
      const target = one(headers[TARGET_HEADER]);
      if (target !== options.self)
        throw unauthenticated(`signed for ${JSON.stringify(target ?? null)}, and this is ${options.self}.`);
      const digest = one(headers[CONTENT_DIGEST_HEADER]);
      if (digest !== contentDigest(body ?? "")) throw unauthenticated("Content-Digest is not the body's (sha-256).");

      let base = "";
      for (const name of covered) {
        const value =
          name === "@method" ? method.toUpperCase() : name === "@target-uri" ? targetUri : one(headers[name])!.trim();
        base += `"${name}": ${value}\n`;
      }
      base += `"@signature-params": ${input[2]}${input[3]}`;
      if (!verify(null, Buffer.from(base), publicKey, Buffer.from(signature[2]!, "base64")))
        throw unauthenticated("does not verify.");
      // Remembered only once verified: forged nonces never fill the memory.
      if (nonces.has(nonce)) throw unauthenticated("nonce already used (a replay).");
      remember(nonce, created);
      return true;
    },
  };
}

/** A header's one value (Node joins repeated headers with ", "; an array only for set-cookie). */
const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.join(", ") : value;
