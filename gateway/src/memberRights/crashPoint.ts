/**
 * A test hook: with TRANSFER_CRASH_AFTER_STEP=n (a member transfer) or
 * BALLOT_CRASH_AFTER_STEP=n (a ballot) the process kills itself (SIGKILL, nothing
 * flushed, no handler run) right after step n, so that a test can show a real
 * crash between any two steps is resumed: to one live member, to one counted ballot.
 * Read at each step, so a running gateway is unaffected unless it was started so.
 */
export function crashPointReached(step: number, operation: "TRANSFER" | "BALLOT" = "TRANSFER"): void {
  const crashAfter =
    operation === "TRANSFER" ? process.env.TRANSFER_CRASH_AFTER_STEP : process.env.BALLOT_CRASH_AFTER_STEP;
  if (crashAfter === String(step)) process.kill(process.pid, "SIGKILL");
}
