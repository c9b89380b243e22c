import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in scripts/src/stack or scripts/dist/stack). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The embedded cluster's default home: gitignored, kept across runs. */
export const DEFAULT_EMBEDDED_DATA_DIR = path.join(REPO_ROOT, ".data", "postgres");

export const DEFAULT_EMBEDDED_PORT = 54329;

/** Where `npm start`'s identity provider keeps its signing keys, so tokens outlive a restart: gitignored. */
export const DEFAULT_IDENTITY_KEYS_FILE = path.join(REPO_ROOT, ".data", "identity", "keys.json");

/** The built entry point of a service, e.g. `services/national/dist/index.js`. */
export function serviceEntry(
  folder: "services/national" | "services/central" | "services/identity" | "gateway",
): string {
  return path.join(REPO_ROOT, folder, "dist", "index.js");
}
