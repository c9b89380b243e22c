import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Clock ticks per second of /proc's utime and stime. */
const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** /proc/<pid>/stat fields after the command name (which may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // gone
  }
}

/**
 * CPU time of a process, user + system, in milliseconds; with `withReapedChildren`,
 * also that of its children that have exited (Postgres backends that came and went).
 */
export function cpuMs(pid: number, withReapedChildren = false): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // After the name: state ppid … utime(14th of the line) is index 11 here, stime 12, cutime 13, cstime 14.
  const ticks =
    Number(fields[11]) + Number(fields[12]) + (withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The postmaster of the cluster in `dataDir` and its live children (the backends), by pid. */
export function postgresPids(dataDir: string): { postmaster: number; children: number[] } | undefined {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return undefined;
  }
  const children = fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => Number(statFields(pid)?.[1]) === postmaster);
  return { postmaster, children };
}

/** CPU milliseconds of a named set of processes, read now. */
export type CpuReading = Record<string, number>;

export interface CpuSources {
  /** Component name → its process ids. */
  processes: Record<string, readonly number[]>;
  /** Embedded Postgres data directory, when Postgres is ours to measure. */
  postgresDataDir?: string;
}

export function readCpu(sources: CpuSources): CpuReading {
  const reading: CpuReading = {};
  for (const [name, pids] of Object.entries(sources.processes))
    reading[name] = pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  if (sources.postgresDataDir) {
    const pg = postgresPids(sources.postgresDataDir);
    if (pg) reading.postgres = cpuMs(pg.postmaster, true) + pg.children.reduce((sum, pid) => sum + cpuMs(pid), 0);
  }
  return reading;
}

export function cpuDelta(before: CpuReading, after: CpuReading): CpuReading {
  return Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - (before[name] ?? 0)]));
}

/** Resident memory of a process, MB (VmRSS). */
export function rssMb(pid: number): number {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmRSS:"));
    return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}
