import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import type { Readable } from "node:stream";

export interface ServiceSpec {
  /** Shown before each of its log lines: `BE`, `central`, `gateway`. */
  name: string;
  /** A built entry point, run with this Node. */
  entry: string;
  /** Node's own options before the entry point (`--max-old-space-size=…`). */
  nodeArgs?: readonly string[];
  env: Record<string, string>;
}

export interface ServiceState {
  spec: ServiceSpec;
  child?: ChildProcess;
  /** Restarts since it was started. */
  restarts: number;
  /** Crashes in a row, each sooner than `stableMs` after its start: what the backoff doubles on. */
  crashesInARow: number;
  /** True once it died more often than restarts allow. */
  down: boolean;
}

export interface SupervisorOptions {
  /** Restarts allowed per service after an unexpected exit (default: no end — the dev stack stays up). */
  maxRestarts?: number;
  /** The first restart's delay; each crash in a row doubles it (default 1 s). */
  restartDelayMs?: number;
  /** The longest delay between restarts (default 30 s). */
  maxRestartDelayMs?: number;
  /** A process up this long has recovered: the next crash is restarted after the first delay again (default 30 s). */
  stableMs?: number;
  /** Where prefixed lines go (default stdout). */
  write?: (line: string) => void;
  /** Width of the name column. */
  nameWidth?: number;
}

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94];

/**
 * Runs services as child processes, prefixing every line they print with their
 * name. One that dies is reported and restarted, each time, after a delay that
 * doubles with each crash in a row (1 s, 2 s, 4 s … 30 s; back to 1 s once it has
 * stayed up 30 s): a unit that crashes twice is not left down with bookings
 * undecided, and one that cannot start does not spin. The others keep running.
 * `stopAll` sends SIGTERM and waits, then SIGKILL after a grace period.
 */
export class Supervisor {
  private readonly services = new Map<string, ServiceState>();
  private stopping = false;
  private readonly maxRestarts: number;
  private readonly restartDelayMs: number;
  private readonly maxRestartDelayMs: number;
  private readonly stableMs: number;
  private readonly write: (line: string) => void;
  private readonly nameWidth: number;
  private readonly color = process.stdout.isTTY && !process.env.NO_COLOR;

  constructor(options: SupervisorOptions = {}) {
    this.maxRestarts = options.maxRestarts ?? Number.POSITIVE_INFINITY;
    this.restartDelayMs = options.restartDelayMs ?? 1000;
    this.maxRestartDelayMs = options.maxRestartDelayMs ?? 30_000;
    this.stableMs = options.stableMs ?? 30_000;
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.nameWidth = options.nameWidth ?? 8;
  }

  start(spec: ServiceSpec): ServiceState {
    const state: ServiceState = { spec, restarts: 0, crashesInARow: 0, down: this.stopping };
    this.services.set(spec.name, state);
    if (!this.stopping) this.launch(state);
    return state;
  }

  state(name: string): ServiceState | undefined {
    return this.services.get(name);
  }

  /** Writes a line under the launcher's own name. */
  note(line: string): void {
    this.emit("stack", line);
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.services.values()].map((state) => stopChild(state.child, graceMs)));
  }

  private launch(state: ServiceState): void {
    const { spec } = state;
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.entry], {
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a terminal's Ctrl-C reaches only the launcher, which
      // then stops each service once, in order, instead of every one at the same time twice.
      detached: true,
    });
    state.child = child;
    const startedAt = Date.now();
    this.pipeLines(spec.name, child.stdout);
    this.pipeLines(spec.name, child.stderr);
    child.once("error", (error) => this.emit(spec.name, `could not start: ${error.message}`));
    child.once("exit", (code, signal) => {
      if (this.stopping) return;
      this.emit(spec.name, `exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
      if (state.restarts >= this.maxRestarts) {
        state.down = true;
        this.emit(spec.name, "stays down; the rest of the stack keeps running");
        return;
      }
      state.restarts++;
      state.crashesInARow = Date.now() - startedAt >= this.stableMs ? 1 : state.crashesInARow + 1;
      const delay = Math.min(this.maxRestartDelayMs, this.restartDelayMs * 2 ** (state.crashesInARow - 1));
      const of = Number.isFinite(this.maxRestarts) ? `/${this.maxRestarts}` : "";
      this.emit(
        spec.name,
        `restarting in ${formatDelay(delay)} (restart ${state.restarts}${of}; ${state.crashesInARow} crash${state.crashesInARow > 1 ? "es" : ""} in a row)`,
      );
      setTimeout(() => {
        if (!this.stopping) this.launch(state);
      }, delay);
    });
  }

  private pipeLines(name: string, stream: Readable | null): void {
    if (!stream) return;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => this.emit(name, line));
  }

  private emit(name: string, line: string): void {
    const label = name.padEnd(this.nameWidth);
    const prefix = this.color ? `\x1b[${colorOf(name)}m${label}\x1b[0m` : label;
    this.write(`${prefix} | ${line}`);
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

function colorOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length]!;
}

async function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
