import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** A private signing key as oidc-provider's `jwks` takes it. */
export interface SigningJwk extends crypto.JsonWebKey {
  kid: string;
  alg: "ES256";
  use: "sig";
}

/** A fresh P-256 key pair for ES256, its `kid` the RFC 7638 thumbprint of its public half. */
export function generateSigningKey(): SigningJwk {
  const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" });
  const thumbprintInput = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const kid = crypto.createHash("sha256").update(thumbprintInput).digest("base64url");
  return { ...jwk, kid, alg: "ES256", use: "sig" };
}

function isSigningJwk(value: unknown): value is SigningJwk {
  const jwk = value as Partial<SigningJwk> | null;
  return (
    typeof jwk === "object" &&
    jwk !== null &&
    jwk.kty === "EC" &&
    jwk.crv === "P-256" &&
    typeof jwk.d === "string" &&
    typeof jwk.kid === "string"
  );
}

/**
 * The signing keys: kept in `file` when given (so tokens stay valid across a restart of
 * the dev stack), generated there on first use; otherwise fresh ones in memory.
 */
export async function loadSigningKeys(file?: string): Promise<SigningJwk[]> {
  if (!file) return [generateSigningKey()];
  try {
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as { keys?: unknown[] };
    const keys = (stored.keys ?? []).filter(isSigningJwk);
    if (keys.length > 0) return keys.map((key) => ({ ...key, alg: "ES256", use: "sig" }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw new Error(
        `${file}: cannot read the signing keys (${(error as Error).message}); delete it to start with new ones`,
      );
  }
  const keys = [generateSigningKey()];
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
