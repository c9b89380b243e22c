import type http from "node:http";
import { z } from "zod";
import { readConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { markDraining } from "./health.js";
import { stopTracing } from "./tracing.js";

export interface ShutdownOptions {
  /** The listening server (RunningServer.server). */
  server: http.Server;
  logger: Logger;
  /** Run in order once HTTP has drained: stop Apollo, close the pool, … */
  close: readonly (() => Promise<unknown>)[];
  /** How long in-flight requests may take to finish before their connections are cut (default SHUTDOWN_TIMEOUT_MS or 10 s). */
  drainTimeoutMs?: number;
  /** Default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * The one shutdown path of every server, on SIGTERM or SIGINT: stop accepting
 * connections (and answer /ready with 503), let in-flight requests finish, close
 * idle keep-alive connections as they free up, cut what is left after the drain
 * timeout, then run `close` in order (Apollo, the database pool), flush traces and
 * exit: 0 when all went well, 1 otherwise. A second signal exits at once.
 */
export function shutdownOnSignals(options: ShutdownOptions): (signal: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  // Read at start, so that a bad SHUTDOWN_TIMEOUT_MS stops the process then, not at its last moment.
  const drainTimeoutMs = options.drainTimeoutMs ?? readShutdownConfig(process.env).drainTimeoutMs;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      options.logger.warn({ signal }, "second signal: exiting now");
      exit(1);
      return;
    }
    stopping = true;
    let code = 0;
    try {
      markDraining();
      const drained = drainHttp(options.server, drainTimeoutMs);
      // Logged once the listening socket is closed: from here no new connection is accepted.
      options.logger.info({ signal }, "draining");
      await drained;
      for (const close of options.close) await close();
    } catch (error) {
      options.logger.error({ err: error }, "shutdown failed");
      code = 1;
    }
    await stopTracing().catch(() => {});
    options.logger.info({ code }, "stopped");
    exit(code);
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
  return shutdown;
}

/** SHUTDOWN_TIMEOUT_MS: how long in-flight requests may take after SIGTERM (default 10 s). */
export function readShutdownConfig(env: NodeJS.ProcessEnv): { drainTimeoutMs: number } {
  const config = readConfig(
    {
      SHUTDOWN_TIMEOUT_MS: z.coerce
        .number()
        .int("expected whole milliseconds")
        .min(1, "expected at least 1 ms")
        .default(10_000),
    },
    env,
  );
  return { drainTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
}

/** Stops accepting, waits for in-flight requests, closes idle connections; cuts the rest after `timeoutMs`. */
export function drainHttp(server: http.Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
