/**
 * A test hook: with TRANSFER_CRASH_AFTER_STEP=n the process kills itself (SIGKILL,
 * nothing flushed, no handler run) right after step n of a transfer, so that a
 * test can show a real crash between any two steps is resumed to one live member.
 * Read at each step, so a running gateway is unaffected unless it was started so.
 */
export function crashPointReached(step: number): void {
  if (process.env.TRANSFER_CRASH_AFTER_STEP === String(step)) process.kill(process.pid, "SIGKILL");
}
