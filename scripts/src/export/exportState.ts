import fs from "node:fs/promises";
import type { ExportQuery } from "./options.js";

/** Where an export to a file stands after its last whole page: what --resume continues from. */
export interface ExportState {
  query: ExportQuery;
  /** The next page's cursor (null: the first page). */
  cursor: string | null;
  rows: number;
  /** Length of the file up to the last whole page: a resumed export cuts what follows. */
  bytes: number;
  done: number;
  total: number;
}

export const statePathOf = (out: string) => `${out}.export-state.json`;

export async function readExportState(out: string): Promise<ExportState | null> {
  try {
    return JSON.parse(await fs.readFile(statePathOf(out), "utf8")) as ExportState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Written whole or not at all (a rename), so that an interruption never leaves half a state. */
export async function writeExportState(out: string, state: ExportState): Promise<void> {
  const path = statePathOf(out);
  await fs.writeFile(`${path}.tmp`, JSON.stringify(state));
  await fs.rename(`${path}.tmp`, path);
}

export async function removeExportState(out: string): Promise<void> {
  await fs.rm(statePathOf(out), { force: true });
}
