import { z } from "zod";

/**
 * Reads configuration from the environment and fails fast with one human line per
 * problem, naming the variable ("PORT: expected a port number (1–65535), got 'abc'").
 */
export function readConfig<T extends z.ZodRawShape>(
  shape: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const got = env[name];
    return `${name}: ${issue.message}${got === undefined ? " (not set)" : `, got '${got}'`}`;
  });
  throw new ConfigError(lines.join("\n"));
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const port = (fallback: number) =>
  z.coerce
    .number({ invalid_type_error: "expected a port number (0–65535)" })
    .int("expected a port number (0–65535)")
    .min(0, "expected a port number (0–65535)")
    .max(65535, "expected a port number (0–65535)")
    .default(fallback);

export const postgresUrl = () =>
  z
    .string({ required_error: "set it to a Postgres URL such as postgres://user@127.0.0.1:5432/db" })
    .regex(/^postgres(ql)?:\/\//, "expected a Postgres URL such as postgres://user@127.0.0.1:5432/db");

export const nodeEnv = () => z.enum(["development", "test", "production"]).default("development");

/** Runs `main`, printing a ConfigError as the one-line message it is, not a stack trace. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`Configuration error:\n${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}
