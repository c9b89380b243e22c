import { fileURLToPath } from "node:url";
import type { Express } from "express";
import { wantsHtml, type Logger } from "@smart/platform";
import { serveStaticPage } from "./staticPages.js";

/** GraphiQL, built from npm by ide/build.ts (`npm run build`); from dist/ or src/ alike. */
export const IDE_DIRECTORY = fileURLToPath(new URL("../ide/dist", import.meta.url));

/** The IDE at GET /graphql for a browser (Accept: text/html); GraphQL GETs go on to Apollo. */
export function serveIde(app: Express, logger?: Logger, contentSecurityPolicy?: string): void {
  serveStaticPage(app, {
    path: "/graphql",
    directory: IDE_DIRECTORY,
    name: "The IDE (GraphiQL)",
    when: wantsHtml,
    ...(logger ? { logger } : {}),
    ...(contentSecurityPolicy ? { contentSecurityPolicy } : {}),
  });
}
