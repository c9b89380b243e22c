/**
 * `npm run token -- --role unit_staff --unit BE` prints a development token.
 * Signed with JWT_SECRET, or the public development secret when it is unset.
 */
import { z } from "zod";
import { COUNTRY_CODES, exitOnConfigError, jwtSecret, readArgs, ROLES, signToken, UsageError, type Role, type Viewer } from "@smart/platform";

const usage = `usage: npm run token -- --role member|unit_staff|central_office [--unit BE] [--sub BE:m1] [--expires 12h]`;

const flags = {
  role: z.enum(ROLES as [Role, ...Role[]], { errorMap: () => ({ message: `expected one of ${ROLES.join(", ")}` }) }),
  unit: z.preprocess(
    (value) => (typeof value === "string" ? value.toUpperCase() : value),
    z.enum(COUNTRY_CODES, { errorMap: () => ({ message: `expected one of ${COUNTRY_CODES.join(", ")}` }) }).optional(),
  ),
  sub: z.string().optional(),
  expires: z.string().default("12h"),
};

async function main(): Promise<void> {
  const { role, unit, sub, expires } = readArgs(process.argv.slice(2), flags).values;
  let viewer: Exclude<Viewer, { role: "anonymous" }>;
  if (role === "central_office") viewer = { role };
  else {
    if (!unit) throw new UsageError(`--unit: a ${role} token needs one of ${COUNTRY_CODES.join(", ")}`);
    if (role === "unit_staff") viewer = { role, unit };
    else {
      if (!sub?.startsWith(`${unit}:`)) throw new UsageError(`--sub: a member token needs the member's ID in ${unit}, e.g. ${unit}:m1`);
      viewer = { role, unit, sub };
    }
  }
  const secret = jwtSecret(process.env, (line) => console.error(line));
  console.log(await signToken(viewer, secret, expires));
}

main().catch((error: unknown) => exitOnConfigError(error, usage));
