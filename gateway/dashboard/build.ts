/**
 * Builds the dashboard into dist/dashboard/: the page, its stylesheet and one
 * bundle of its code with Observable Plot (esbuild), so the gateway serves it with
 * nothing fetched from elsewhere. Run by `npm run build -w @smart/gateway`.
 */
import path from "node:path";
import { bundlePage } from "./bundlePage.js";

const source = import.meta.dirname;
await bundlePage({
  source,
  out: path.resolve(source, "../dist/dashboard"),
  name: "dashboard",
  files: ["index.html", "dashboard.css"],
});
