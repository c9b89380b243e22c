import cliProgress from "cli-progress";
import type { DatabaseTarget } from "./targets.js";

export interface SeedProgress {
  update(target: DatabaseTarget, done: number, total: number): void;
  stop(): void;
}

/**
 * One progress bar per database, on stderr when it is a terminal. Elsewhere (CI,
 * pipes) nothing: the summary printed afterwards says it all there.
 */
export function seedProgressBars(
  targets: readonly DatabaseTarget[],
  stream: NodeJS.WriteStream = process.stderr,
): SeedProgress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const multibar = new cliProgress.MultiBar(
    {
      format: " {name} {bar} {percentage}% | {value}/{total} {unit} | {duration_formatted}",
      hideCursor: true,
      barsize: 30,
      autopadding: true,
      stream,
    },
    cliProgress.Presets.shades_classic,
  );
  const width = Math.max(...targets.map((t) => t.length));
  const bars = new Map(
    targets.map((target) => [
      target,
      multibar.create(1, 0, { name: target.padEnd(width), unit: target === "central" ? "steps" : "members" }),
    ]),
  );
  return {
    update(target, done, total) {
      const bar = bars.get(target);
      if (!bar) return;
      if (bar.getTotal() !== total) bar.setTotal(total);
      bar.update(done);
    },
    stop: () => multibar.stop(),
  };
}
