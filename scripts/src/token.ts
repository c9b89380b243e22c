/**
 * `npm run --silent token -- --role unit_staff --unit BE` prints an access token from
 * the development identity provider at IDP_ISSUER (default http://localhost:4020, which
 * `npm start` runs), obtained through its development grant. Refuses any issuer that is
 * not the development provider: production tokens come from signing in.
 */
import { z } from "zod";
import {
  exitOnConfigError,
  port,
  readArgs,
  readConfig,
  ROLES,
  UsageError,
  type CountryCode,
  type Role,
  isCountryCode,
} from "@smart/platform";
import {
  discoverDevelopmentProvider,
  DevelopmentTokenError,
  MAX_DEVELOPMENT_TOKEN_SECONDS,
  requestDevelopmentToken,
  viewerOfAccount,
  type PersonViewer,
} from "@smart/identity/client";

const usage = `usage: npm run --silent token -- --role member|unit_staff|central_office [--unit BE] [--sub BE:m1] [--expires 1h]`;

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

const flags = {
  role: z.enum(ROLES as [Role, ...Role[]], { errorMap: () => ({ message: `expected one of ${ROLES.join(", ")}` }) }),
  unit: z.preprocess(
    (value) => (typeof value === "string" ? value.toUpperCase() : value),
    z.string().refine(isCountryCode, "expected a unit's code: two letters, such as BE or PT").optional(),
  ),
  sub: z.string().optional(),
  // The provider's default (1 h) when not given.
  expires: z
    .string()
    .regex(DURATION, "expected a duration such as 3600, 30m, 12h or 1d")
    .transform((text) => {
      const [, amount, unit] = DURATION.exec(text)!;
      return Number(amount) * SECONDS[(unit ?? "s") as keyof typeof SECONDS];
    })
    .refine((seconds) => seconds >= 1 && seconds <= MAX_DEVELOPMENT_TOKEN_SECONDS, "expected 1 s to 24 h")
    .optional(),
};

function viewerOf(role: Role, unit: CountryCode | undefined, sub: string | undefined): PersonViewer {
  if (role === "central_office") return { role };
  if (!unit) throw new UsageError(`--unit: a ${role} token needs the code of its unit, such as BE`);
  if (role === "unit_staff") return { role, unit };
  const viewer = sub === undefined ? null : viewerOfAccount(sub);
  if (viewer?.role !== "member" || viewer.unit !== unit)
    throw new UsageError(`--sub: a member token needs the member's ID in ${unit}, e.g. ${unit}:m1`);
  return viewer;
}

async function main(): Promise<void> {
  const { role, unit, sub, expires } = readArgs(process.argv.slice(2), flags).values;
  const viewer = viewerOf(role, unit, sub);
  const config = readConfig({
    IDP_PORT: port(4020),
    IDP_ISSUER: z.string().url("expected the provider's issuer URL, e.g. http://localhost:4020").optional(),
  });
  const issuer = config.IDP_ISSUER ?? `http://localhost:${config.IDP_PORT}`;
  const provider = await discoverDevelopmentProvider(issuer);
  const token = await requestDevelopmentToken(
    provider.token_endpoint,
    viewer,
    expires === undefined ? {} : { expiresInSeconds: expires },
  );
  console.log(token.accessToken);
}

main().catch((error: unknown) => {
  if (error instanceof DevelopmentTokenError) {
    console.error(error.message);
    process.exit(1);
  }
  exitOnConfigError(error, usage);
});
