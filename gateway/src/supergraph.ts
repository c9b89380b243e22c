import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The committed supergraph of the repository (`npm run compose` writes it). */
export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL("../../schema/supergraph.graphql", import.meta.url));

export function readSupergraph(path: string = DEFAULT_SUPERGRAPH_PATH): string {
  return readFileSync(path, "utf8");
}
