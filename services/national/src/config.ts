import { z } from "zod";
import { COUNTRY_CODES, jwtSecret, signingSecrets, tokenRulesFromEnv, defaultUnitPort, nodeEnv, port, postgresUrl, readConfig, type CountryCode } from "@smart/platform";

/** A unit's configuration from its environment; fails fast naming the variable. */
export function readNationalConfig(env: NodeJS.ProcessEnv = process.env) {
  const { UNIT } = readConfig({ UNIT: z.enum(COUNTRY_CODES, { errorMap: () => ({ message: `expected one of ${COUNTRY_CODES.join(", ")}` }) }) }, env);
  const unit: CountryCode = UNIT;
  const config = readConfig(
    {
      PORT: port(defaultUnitPort(unit)),
      HOST: z.string().default("127.0.0.1"),
      DATABASE_URL: postgresUrl(),
      DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
      NODE_ENV: nodeEnv(),
    },
    env,
  );
  return { unit, ...config, jwtSecret: jwtSecret(env), tokenRules: tokenRulesFromEnv(env), signingSecrets: signingSecrets(env) };
}
