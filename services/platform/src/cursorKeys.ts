import { hkdfSync } from "node:crypto";
import { ConfigError } from "./config.js";
import type { CountryCode } from "./units.js";

/**
 * The keys cursors are sealed with, apart from any signing key. The gateway must
 * open every unit's cursors to merge Europe-wide pages, so they are derived: the
 * gateway holds CURSOR_MASTER_KEY, and each unit only its own CURSOR_KEY =
 * HKDF-SHA256(master, salt "smart-europe-graph", info "cursor/v1/<CC>", 32 bytes),
 * base64url. The gateway seals its composite cursors under "cursor/v1/gateway".
 * A unit's key opens no other unit's cursors, and tells nothing of the master.
 *
 * Rotating without downtime, each step on every process concerned: (1) give each
 * unit CURSOR_KEY_ACCEPTED = its key from the new master and the gateway
 * CURSOR_MASTER_KEY_ACCEPTED = the new master (both still seal with the old);
 * (2) swap: the new ones in CURSOR_KEY / CURSOR_MASTER_KEY, the old ones in
 * ..._ACCEPTED; (3) once the old cursors are of no use (a client's page walk),
 * remove ..._ACCEPTED.
 */
export const CURSOR_KEY_SALT = "smart-europe-graph";
export const CURSOR_KEY_BYTES = 32;

/**
 * Who a derived key belongs to: a unit (its code), or the gateway ("gateway": its
 * composite cursors; "ballots": the choices of ballots its units hold pending, which no unit opens).
 */
export type CursorKeyOwner = string;

export const cursorKeyInfo = (owner: CursorKeyOwner) => `cursor/v1/${owner}`;

/** The development master (committed on purpose), used with a loud warning outside production when no key is set. */
export const DEVELOPMENT_CURSOR_MASTER_KEY = "HfrKEbyEQ1IPndFmYSAXpNCaUrzioXv5H5aTAFV-sNU";

/** A unit's (or the gateway's own) cursor key from a master key: 32 bytes. */
export function deriveCursorKey(master: Uint8Array, owner: CursorKeyOwner): Buffer {
  return Buffer.from(hkdfSync("sha256", master, CURSOR_KEY_SALT, cursorKeyInfo(owner), CURSOR_KEY_BYTES));
}

/** Key text as the environment holds it (base64url, no padding). */
export const cursorKeyText = (key: Uint8Array): string => Buffer.from(key).toString("base64url");

/** Reads a base64url key of at least (or, with `exactly`, exactly) 32 bytes; names the variable when it is not one. */
export function readKeyText(name: string, text: string, { exactly = false } = {}): Buffer {
  const bytes = /^[A-Za-z0-9_-]+={0,2}$/.test(text) ? Buffer.from(text, "base64url") : Buffer.alloc(0);
  if (exactly ? bytes.length !== CURSOR_KEY_BYTES : bytes.length < CURSOR_KEY_BYTES) {
    throw new ConfigError(
      `${name}: expected ${exactly ? "" : "at least "}${CURSOR_KEY_BYTES} bytes in base64url (\`npm run keys\` makes one)`,
    );
  }
  return bytes;
}

/** Keys in the order they are used: the first seals, every one opens. */
export type CursorKeys = readonly Buffer[];

/**
 * A unit's cursor keys: CURSOR_KEY (and CURSOR_KEY_ACCEPTED during a rotation), or
 * outside production its key derived from the development master, with a warning.
 */
export function unitCursorKeys(
  unit: CountryCode,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = console.warn,
): CursorKeys {
  return readKeys(env.NODE_ENV, warn, {
    current: env.CURSOR_KEY,
    accepted: env.CURSOR_KEY_ACCEPTED,
    name: "CURSOR_KEY",
    exactly: true,
    what: `the ${unit} unit's cursor key, derived from the gateway's CURSOR_MASTER_KEY (\`npm run keys -- --unit ${unit}\`)`,
    development: () =>
      deriveCursorKey(readKeyText("DEVELOPMENT_CURSOR_MASTER_KEY", DEVELOPMENT_CURSOR_MASTER_KEY), unit),
  });
}

/**
 * The gateway's cursor master keys: CURSOR_MASTER_KEY (and CURSOR_MASTER_KEY_ACCEPTED
 * during a rotation), or outside production the development master, with a warning.
 */
export function cursorMasterKeys(
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = console.warn,
): CursorKeys {
  return readKeys(env.NODE_ENV, warn, {
    current: env.CURSOR_MASTER_KEY,
    accepted: env.CURSOR_MASTER_KEY_ACCEPTED,
    name: "CURSOR_MASTER_KEY",
    exactly: false,
    what: "the master the units' cursor keys are derived from, 32 random bytes in base64url (`npm run keys`)",
    development: () => readKeyText("DEVELOPMENT_CURSOR_MASTER_KEY", DEVELOPMENT_CURSOR_MASTER_KEY),
  });
}

/** The development master itself (tests, and the development fallbacks). */
export const developmentCursorMasterKeys = (): CursorKeys => [
  readKeyText("DEVELOPMENT_CURSOR_MASTER_KEY", DEVELOPMENT_CURSOR_MASTER_KEY),
];

/** `current` and `accepted` are the values of `name` and `${name}_ACCEPTED`, read by name where they are read (the README's configuration test finds them there). */
function readKeys(
  nodeEnv: string | undefined,
  warn: (line: string) => void,
  options: {
    current: string | undefined;
    accepted: string | undefined;
    name: string;
    exactly: boolean;
    what: string;
    development: () => Buffer;
  },
): CursorKeys {
  const { name, exactly, what, development } = options;
  const current = options.current || undefined;
  const accepted = options.accepted || undefined;
  if (current)
    return [
      readKeyText(name, current, { exactly }),
      ...(accepted ? [readKeyText(`${name}_ACCEPTED`, accepted, { exactly })] : []),
    ];
  if (accepted) throw new ConfigError(`${name}_ACCEPTED: set only beside ${name}, during a rotation`);
  if (nodeEnv === "production") throw new ConfigError(`${name}: required when NODE_ENV=production (${what})`);
  warn(
    `!!! ${name} is not set: sealing cursors with a key from the PUBLIC DEVELOPMENT MASTER. Anyone can forge cursors. Never do this in production. !!!`,
  );
  return [development()];
}
