/**
 * Builds the gateway's IDE (GraphiQL from npm, React) into ide/dist: index.html
 * and assets/ide.{js,css}, everything the page needs, so that no request leaves
 * the machine. `npm run build -w @smart/gateway` runs it; the gateway serves the
 * result at GET /graphql (src/ide.ts).
 */
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const out = here("./dist");

await rm(out, { recursive: true, force: true });
await mkdir(`${out}/assets`, { recursive: true });
await esbuild.build({
  entryPoints: { ide: here("./src/main.tsx") },
  outdir: `${out}/assets`,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022"],
  jsx: "automatic",
  minify: true,
  sourcemap: false,
  legalComments: "linked",
  // Fonts and images the stylesheet names are inlined: the page fetches nothing else.
  loader: { ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".svg": "dataurl", ".png": "dataurl" },
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
await copyFile(here("./src/index.html"), `${out}/index.html`);
