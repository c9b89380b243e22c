import { randomBytes } from "node:crypto";
import {
  FOUNDING_UNITS,
  cursorKeyText,
  deriveCursorKey,
  generateGatewayKeyPair,
  readKeyText,
  type CountryCode,
} from "@smart/platform";

/** Every key of a deployment, as each process's environment holds it. */
export interface DeploymentKeys {
  /** GATEWAY_SIGNING_KEY (PKCS#8 PEM), GATEWAY_SIGNING_KEY_ID, CURSOR_MASTER_KEY: the gateway's alone. */
  gateway: Record<string, string>;
  /** GATEWAY_PUBLIC_KEYS: central's. */
  central: Record<string, string>;
  /** GATEWAY_PUBLIC_KEYS and the unit's own CURSOR_KEY: each unit's. */
  units: Record<CountryCode, Record<string, string>>;
}

/**
 * A fresh gateway key pair named `keyId` and a fresh cursor master, with what each process
 * holds of them: central, and each of `units` (default the founding units).
 */
export function freshDeploymentKeys(keyId: string, units: readonly CountryCode[] = FOUNDING_UNITS): DeploymentKeys {
  const pair = generateGatewayKeyPair(keyId);
  const master = randomBytes(32);
  const publicKeys = { GATEWAY_PUBLIC_KEYS: pair.publicJwks };
  return {
    gateway: {
      GATEWAY_SIGNING_KEY_ID: pair.keyId,
      GATEWAY_SIGNING_KEY: pair.privateKeyPem,
      CURSOR_MASTER_KEY: cursorKeyText(master),
    },
    central: publicKeys,
    units: Object.fromEntries(
      units.map((unit): [CountryCode, Record<string, string>] => [
        unit,
        { ...publicKeys, CURSOR_KEY: cursorKeyText(deriveCursorKey(master, unit)) },
      ]),
    ),
  };
}

/** A unit's CURSOR_KEY from the gateway's CURSOR_MASTER_KEY (as text). */
export function unitCursorKeyFrom(masterText: string, unit: CountryCode): string {
  return cursorKeyText(deriveCursorKey(readKeyText("CURSOR_MASTER_KEY", masterText), unit));
}

/** One environment line; a multi-line value (the PEM) double-quoted with `\n`, as Compose's .env files and the services read it. */
const line = (name: string, value: string) => `${name}=${value.includes("\n") ? JSON.stringify(value) : value}`;

/** The keys as environment lines, grouped by who holds them. */
export function describeKeys(keys: DeploymentKeys): string {
  return [
    "# The gateway's namespace only: its private key and the cursor master.",
    ...Object.entries(keys.gateway).map(([name, value]) => line(name, value)),
    "",
    "# Every unit's and central's namespace: the gateway's public key. During a rotation, both keys: {\"keys\":[<current>,<new>]}.",
    line("GATEWAY_PUBLIC_KEYS", keys.central.GATEWAY_PUBLIC_KEYS!),
    "",
    "# Each unit's namespace: its own CURSOR_KEY (derived from CURSOR_MASTER_KEY; it opens no other unit's cursors).",
    "# A unit added later: npm run --silent keys -- --unit <CODE> --master <CURSOR_MASTER_KEY>.",
    ...Object.entries(keys.units).map(([unit, env]) => `# ${unit}\n${line("CURSOR_KEY", env.CURSOR_KEY!)}`),
    "",
  ].join("\n");
}
