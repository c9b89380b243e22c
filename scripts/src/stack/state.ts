import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { readConfig } from "@smart/platform";
import { REPO_ROOT } from "./paths.js";
import type { StackPorts } from "./ports.js";

/** Where a running `npm start` says how to reach it: gitignored, beside the embedded cluster's data. */
export const DEFAULT_STACK_STATE_FILE = path.join(REPO_ROOT, ".data", "stack.json");

/** What `npm run unit` needs of the running stack to start one more unit next to it and admit it. */
export interface StackState {
  /** The launcher's process: the state is stale once it is gone. */
  pid: number;
  ports: StackPorts;
  /** The gateway's UNIT_URL_TEMPLATE: where it looks for a unit the directory admits. */
  unitUrlTemplate: string;
  /** The variables that open the stack's Postgres (StackPostgres.sharedEnv). */
  postgresEnv: Record<string, string>;
}

const stateSchema = z.object({
  pid: z.number().int(),
  ports: z.object({
    gateway: z.number().int(),
    central: z.number().int(),
    identity: z.number().int(),
    units: z.record(z.number().int()),
  }),
  unitUrlTemplate: z.string(),
  postgresEnv: z.record(z.string()),
});

/** The state file (STACK_STATE_FILE, default .data/stack.json). */
export function stackStateFile(env: NodeJS.ProcessEnv = process.env): string {
  const { STACK_STATE_FILE } = readConfig({ STACK_STATE_FILE: z.string().optional() }, env);
  return path.resolve(STACK_STATE_FILE || DEFAULT_STACK_STATE_FILE);
}

/** Written readable by its owner only: it may hold DATABASE_URL's password. */
export async function writeStackState(file: string, state: StackState): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(temporary, file);
}

/** The state of the stack still running, or undefined (no file, or its launcher is gone). */
export async function readStackState(file: string): Promise<StackState | undefined> {
  const text = await fs.readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = stateSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new Error(`${file} is not a stack's state file: remove it`);
  return isAlive(parsed.data.pid) ? parsed.data : undefined;
}

/** Removes the file if it is still this process's (a later stack may have written its own). */
export async function removeStackState(file: string, pid = process.pid): Promise<void> {
  const text = await fs.readFile(file, "utf8").catch(() => undefined);
  if (text === undefined || (safeJson(text) as { pid?: unknown } | undefined)?.pid !== pid) return;
  await fs.rm(file, { force: true });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
