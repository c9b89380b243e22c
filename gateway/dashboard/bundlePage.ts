import fs from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

/**
 * Builds one of the gateway's pages into `out`: `src/main.ts` of `source` as one
 * bundle (`<name>.js`, esbuild) and the static `files` beside it, so the gateway
 * serves it with nothing fetched from elsewhere.
 */
export async function bundlePage({
  source,
  out,
  name,
  files,
}: {
  source: string;
  out: string;
  name: string;
  files: readonly string[];
}): Promise<void> {
  await fs.rm(out, { recursive: true, force: true });
  await fs.mkdir(out, { recursive: true });
  await build({
    entryPoints: [path.join(source, "src/main.ts")],
    outfile: path.join(out, `${name}.js`),
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    minify: true,
    sourcemap: true,
    legalComments: "linked",
    logLevel: "warning",
  });
  await Promise.all(files.map((file) => fs.copyFile(path.join(source, file), path.join(out, file))));
}
