import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Screenshots of failed browser tests: kept by CI as artifacts, ignored by git. */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../../test-artifacts", import.meta.url));

/** Headless Chromium, or null (with the reason printed once) where it is not installed. */
export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(
      `  ! Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
    );
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a screenshot of `page` named after `title`, in ARTIFACTS_DIR; returns its path. */
export async function screenshot(page: Page, title: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}/${title.replace(/[^a-zA-Z0-9]+/g, "-").slice(0, 100)}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Blocks every request that would leave the machine (anything but loopback) and
 * records it: a page that works offline attempts none.
 */
export async function blockTheNetwork(page: Page): Promise<string[]> {
  const attempted: string[] = [];
  await page.context().route("**/*", (route) => {
    const url = new URL(route.request().url());
    const local =
      url.protocol === "data:" ||
      url.protocol === "blob:" ||
      ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (local) return route.continue();
    attempted.push(url.href);
    return route.abort("internetdisconnected");
  });
  return attempted;
}
