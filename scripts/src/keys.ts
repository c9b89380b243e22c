/**
 * `npm run --silent keys [-- --units AT,…,PT]`: a fresh gateway key pair (Ed25519: the
 * private key in PKCS#8 PEM, the public one as a JWKS naming its kid) and a fresh cursor
 * master, with each unit's CURSOR_KEY (the founding units unless `--units` lists others),
 * as environment lines grouped by who holds them. `npm run --silent keys -- --unit PT
 * [--master KEY]` prints one unit's CURSOR_KEY from CURSOR_MASTER_KEY (the flag, or the
 * variable): any unit's, a unit added later too.
 */
import { z } from "zod";
import { exitOnConfigError, readArgs, UsageError, isCountryCode } from "@smart/platform";
import { unitListFlag } from "./stack/units.js";
import { describeKeys, freshDeploymentKeys, unitCursorKeyFrom } from "./keys/gatewayKeys.js";

const usage =
  "usage: npm run --silent keys [-- --kid gateway-2026-07] [--units AT,BE,…,PT]   |   npm run --silent keys -- --unit PT [--master <CURSOR_MASTER_KEY>]";

const flags = {
  kid: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, "expected 1 to 64 of A–Z a–z 0–9 . _ : -")
    .default(`gateway-${new Date().toISOString().slice(0, 10)}`),
  unit: z.preprocess(
    (value) => (typeof value === "string" ? value.toUpperCase() : value),
    z.string().refine(isCountryCode, "expected a unit's code: two letters, such as BE or PT").optional(),
  ),
  units: unitListFlag(),
  master: z.string().optional(),
};

function main(): void {
  const { kid, unit, units, master } = readArgs(process.argv.slice(2), flags).values;
  if (unit) {
    const text = master ?? process.env.CURSOR_MASTER_KEY;
    if (!text) throw new UsageError("--unit: give the master with --master, or in CURSOR_MASTER_KEY");
    console.log(`CURSOR_KEY=${unitCursorKeyFrom(text, unit)}`);
    return;
  }
  if (master) throw new UsageError("--master: only with --unit");
  process.stdout.write(describeKeys(freshDeploymentKeys(kid, units)));
}

try {
  main();
} catch (error) {
  exitOnConfigError(error, usage);
}
