import { parseArgs } from "node:util";
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

/** A command line that cannot be understood: the CLI prints it with its usage and exits 64. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `members-per-unit` → `membersPerUnit`. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;
export type CamelCased<T> = { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] };

const camelCase = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Whether a flag's schema is a boolean (a switch, `--resume`), under its default or optional. */
function isSwitch(schema: z.ZodTypeAny): boolean {
  let inner: z.ZodTypeAny = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner._def.innerType as z.ZodTypeAny;
  return inner instanceof z.ZodBoolean;
}

/**
 * Reads a command line: node:util's parseArgs (strict: an unknown flag is an error),
 * then zod over the flags, as `readConfig` over the environment. Flags are named in
 * `flags` as typed (`members-per-unit`) and come back camelCased (`membersPerUnit`);
 * a flag whose schema is a boolean is a switch, every other takes a value. Throws a
 * UsageError naming each bad flag ("--members-per-unit: expected a whole number, got 'lots'").
 */
export function readArgs<T extends z.ZodRawShape>(
  argv: readonly string[],
  flags: T,
  options: { positionals?: boolean } = {},
): { values: CamelCased<z.infer<z.ZodObject<T>>>; positionals: string[] } {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: options.positionals ?? false,
      options: Object.fromEntries(
        Object.entries(flags).map(([flag, schema]) => [
          flag,
          { type: isSwitch(schema) ? ("boolean" as const) : ("string" as const) },
        ]),
      ),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const result = z.object(flags).safeParse(parsed.values);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const flag = String(issue.path[0]);
      const got = parsed.values[flag];
      return `--${flag}: ${issue.message}${got === undefined ? " (not given)" : `, got '${String(got)}'`}`;
    });
    throw new UsageError(lines.join("\n"));
  }
  const values = Object.fromEntries(
    Object.entries(result.data as Record<string, unknown>).map(([flag, value]) => [camelCase(flag), value]),
  );
  return { values: values as CamelCased<z.infer<z.ZodObject<T>>>, positionals: parsed.positionals };
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

export const wholeNumber = () =>
  z.coerce.number({ invalid_type_error: "expected a whole number" }).int("expected a whole number");

/** What a CLI that only opens a database reads: `DATABASE_URL`. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databaseUrl: string } {
  const config = readConfig({ DATABASE_URL: postgresUrl() }, env);
  return { databaseUrl: config.DATABASE_URL };
}

/**
 * Ends a CLI or server on a ConfigError (exit 78) or UsageError (exit 64, with
 * `usage` when given), printing the lines it is, not a stack trace; rethrows anything else.
 */
export function exitOnConfigError(error: unknown, usage?: string): never {
  if (error instanceof ConfigError) {
    console.error(`Configuration error:\n${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  if (error instanceof UsageError) {
    console.error(usage ? `${error.message}\n${usage}` : error.message);
    process.exit(64); // EX_USAGE
  }
  throw error;
}
