import { pino, type Logger } from "pino";

export type { Logger };

/** One JSON line per event; `LOG_LEVEL` (default info, silent under test) sets the level. */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");
  return pino({ name, level, base: { ...bindings } });
}
