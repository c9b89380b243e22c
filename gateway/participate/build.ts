/**
 * Builds the participation page into dist/participate/: the page, its
 * stylesheet and one bundle of its code (esbuild), so the gateway serves it with
 * nothing fetched from elsewhere. Run by `npm run build -w @smart/gateway`.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const source = import.meta.dirname;
const out = path.resolve(source, "../dist/participate");

await fs.rm(out, { recursive: true, force: true });
await fs.mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(source, "src/main.ts")],
  outfile: path.join(out, "participate.js"),
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});
await Promise.all(["index.html", "participate.css"].map((file) => fs.copyFile(path.join(source, file), path.join(out, file))));
