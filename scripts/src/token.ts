/**
 * `npm run token -- --role unit_staff --unit BE` prints a development token.
 * Signed with JWT_SECRET, or the public development secret when it is unset.
 */
import { parseArgs } from "node:util";
import { exitOnConfigError, isCountryCode, jwtSecret, ROLES, signToken, type Viewer } from "@smart/platform";

const usage = `usage: npm run token -- --role member|unit_staff|central_office [--unit BE] [--sub BE:m1] [--expires 12h]`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(64); // EX_USAGE
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: "string" }, unit: { type: "string" }, sub: { type: "string" }, expires: { type: "string", default: "12h" } },
    strict: true,
  });
  const { role, unit, sub, expires } = values;
  let viewer: Exclude<Viewer, { role: "anonymous" }>;
  if (role === "central_office") viewer = { role };
  else if (role === "unit_staff" || role === "member") {
    if (!isCountryCode(unit)) fail(`--unit: a ${role} token needs one of AT, BE, DE, ES, FR, HU, IT, NL, SE`);
    if (role === "unit_staff") viewer = { role, unit };
    else {
      if (!sub?.startsWith(`${unit}:`)) fail(`--sub: a member token needs the member's ID in ${unit}, e.g. ${unit}:m1`);
      viewer = { role, unit, sub };
    }
  } else fail(`--role: expected one of ${ROLES.join(", ")}`);
  const secret = jwtSecret(process.env, (line) => console.error(line));
  console.log(await signToken(viewer, secret, expires));
}

main().catch((error: unknown) => {
  if (error instanceof TypeError && "code" in error) fail(error.message); // parseArgs: unknown or malformed option
  exitOnConfigError(error);
});
