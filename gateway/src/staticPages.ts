import { existsSync } from "node:fs";
import { join } from "node:path";
import type { IncomingMessage } from "node:http";
import express, { type Express } from "express";
import type { Logger } from "@smart/platform";

export interface StaticPage {
  /** The URL path of the page (`/graphql`, `/dashboard`); its files are served under `<path>/assets/`. */
  path: string;
  /** The built page: `index.html` and an `assets/` folder. */
  directory: string;
  /** What to call the page in logs and in the answer when it is not built. */
  name: string;
  /** Whether this GET is for the page; otherwise the request goes on to later routes (default: every GET). */
  when?: (req: IncomingMessage) => boolean;
  /** The page's Content-Security-Policy (default: everything from this origin only, so nothing leaves the machine). */
  contentSecurityPolicy?: string;
  logger?: Logger;
}

/** Nothing but this origin: scripts, styles, fonts, images and fetches. Inline styles are React's `style` props. */
export const SAME_ORIGIN_ONLY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Serves a page built at build time (e.g. by esbuild) from `directory`: its
 * `index.html` at `path`, its files under `<path>/assets/`. When the page was
 * not built, says so (503, and a warning at start) instead of failing later.
 */
export function serveStaticPage(app: Express, page: StaticPage): void {
  const index = join(page.directory, "index.html");
  const built = existsSync(index);
  if (!built) page.logger?.warn({ directory: page.directory }, `${page.name} is not built: run npm run build`);
  const csp = page.contentSecurityPolicy ?? SAME_ORIGIN_ONLY;
  app.use(
    `${page.path}/assets`,
    (_req, res, next) => {
      res.setHeader("content-security-policy", csp);
      next();
    },
    // Revalidated each time (ETag): file names carry no hash.
    express.static(join(page.directory, "assets"), { fallthrough: false, index: false, cacheControl: true, maxAge: 0 }),
  );
  app.get(page.path, (req, res, next) => {
    if (page.when && !page.when(req)) return next();
    if (!built) {
      res.status(503).type("text/plain").send(`${page.name} is not built: run npm run build.\n`);
      return;
    }
    res.setHeader("content-security-policy", csp);
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
}
