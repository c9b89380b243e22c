/**
 * `npm run --silent keys`: a fresh gateway key pair (Ed25519: the private key in
 * PKCS#8 PEM, the public one as a JWKS naming its kid) and a fresh cursor
 * master, with each unit's CURSOR_KEY, as environment lines grouped by who holds
 * them. `npm run --silent keys -- --unit BE [--master KEY]` prints the BE unit's
 * CURSOR_KEY from CURSOR_MASTER_KEY (the flag, or the variable).
 */
import { z } from "zod";
import { exitOnConfigError, readArgs, UsageError, isCountryCode } from "@smart/platform";
import { describeKeys, freshDeploymentKeys, unitCursorKeyFrom } from "./keys/gatewayKeys.js";

const usage =
  "usage: npm run --silent keys [-- --kid gateway-2026-07]   |   npm run --silent keys -- --unit BE [--master <CURSOR_MASTER_KEY>]";

const flags = {
  kid: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, "expected 1 to 64 of A–Z a–z 0–9 . _ : -")
    .default(`gateway-${new Date().toISOString().slice(0, 10)}`),
  unit: z.preprocess(
    (value) => (typeof value === "string" ? value.toUpperCase() : value),
    z.string().refine(isCountryCode, "expected a unit's code such as BE").optional(),
  ),
  master: z.string().optional(),
};

function main(): void {
  const { kid, unit, master } = readArgs(process.argv.slice(2), flags).values;
  if (unit) {
    const text = master ?? process.env.CURSOR_MASTER_KEY;
    if (!text) throw new UsageError("--unit: give the master with --master, or in CURSOR_MASTER_KEY");
    console.log(`CURSOR_KEY=${unitCursorKeyFrom(text, unit)}`);
    return;
  }
  if (master) throw new UsageError("--master: only with --unit");
  process.stdout.write(describeKeys(freshDeploymentKeys(kid)));
}

try {
  main();
} catch (error) {
  exitOnConfigError(error, usage);
}
