export interface WaitForHealthOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** True once the process behind the URL will not come back: stop waiting. */
  gaveUp?: () => boolean;
}

/** Polls `GET url` until it answers 2xx; false after `timeoutMs` or once `gaveUp()`. */
export async function waitForHealth(
  url: string,
  { timeoutMs = 60_000, intervalMs = 200, gaveUp = () => false }: WaitForHealthOptions = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    const healthy = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (response) => {
        void response.body?.cancel();
        return response.ok;
      },
      () => false,
    );
    if (healthy) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
