/**
 * Builds the participation page into dist/participate/: the page, its
 * stylesheet and one bundle of its code (esbuild), so the gateway serves it with
 * nothing fetched from elsewhere. Run by `npm run build -w @smart/gateway`.
 */
import path from "node:path";
import { bundlePage } from "../dashboard/bundlePage.js";

const source = import.meta.dirname;
await bundlePage({
  source,
  out: path.resolve(source, "../dist/participate"),
  name: "participate",
  files: ["index.html", "participate.css"],
});
