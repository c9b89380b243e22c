import { signToken } from "@smart/platform";

// jose reads a number as an instant: a lifetime is a string.
const LIFETIME = "10m";
const RENEW_AFTER_MS = 300_000;

/**
 * The `Authorization` the indicators' own queries carry: a central office token
 * the gateway signs for itself, renewed every five minutes. Those queries are
 * fixed counts, with nothing from the caller in them, and answer no one's
 * personal data; the units let only staff and the central office count members
 * by status, so they are asked as the central office, and every caller sees the
 * same public figures.
 */
export function serviceAuthorization(jwtSecret: string): () => Promise<string> {
  let current: { value: Promise<string>; at: number } | undefined;
  return () => {
    const now = Date.now();
    if (!current || now - current.at > RENEW_AFTER_MS) {
      current = { value: signToken({ role: "central_office" }, jwtSecret, LIFETIME).then((token) => `Bearer ${token}`), at: now };
    }
    return current.value;
  };
}
