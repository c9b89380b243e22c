import { readFile } from "node:fs/promises";
import { parse, type DocumentNode } from "graphql";

/** The SDL in the repository's schema/ folder (the source of truth), from src/ or dist/ alike. */
const CENTRAL_SDL = new URL("../../../schema/central.graphql", import.meta.url);

export async function loadTypeDefs(): Promise<DocumentNode> {
  return parse(await readFile(CENTRAL_SDL, "utf8"));
}
