/**
 * `npm run skew`: the previous release of the national service (release/previous)
 * beside this release. Builds that commit's national service in a git worktree
 * (in the system temporary folder), then runs the end-to-end suite in which it is the FR unit —
 * its own database, migrated and seeded by its own code — beside this release's
 * other units, central office and gateway (scripts/src/skew/__tests__). Says how
 * long each part took.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./stack/paths.js";
import { buildPreviousNational, previousReleaseCommit, releasedSdlDrift } from "./skew/previousRelease.js";

const SUITE = "src/skew/__tests__/previousRelease.e2e.ts";

function main(): number {
  const started = performance.now();
  const commit = previousReleaseCommit();
  const drift = releasedSdlDrift(commit);
  if (drift) {
    console.error(drift);
    return 1;
  }
  console.log(`== the previous release: ${commit}`);
  const dir = buildPreviousNational(commit);
  const built = performance.now();
  console.log(`== built in ${((built - started) / 1000).toFixed(0)} s; the suite, its national service as FR`);
  const suite = spawnSync(
    "npx",
    [
      "mocha",
      "--no-config",
      "--no-package",
      "--node-option",
      "import=tsx",
      "--require",
      "@smart/devdb/mocha",
      "--timeout",
      "600000",
      "--exit",
      SUITE,
    ],
    { cwd: path.join(REPO_ROOT, "scripts"), stdio: "inherit", env: { ...process.env, SKEW_PREVIOUS_DIR: dir } },
  );
  const seconds = (at: number) => ((at - started) / 1000).toFixed(0);
  console.log(
    `== skew run: ${suite.status === 0 ? "passed" : "FAILED"}; build ${((built - started) / 1000).toFixed(0)} s, total ${seconds(performance.now())} s`,
  );
  return suite.status ?? 1;
}

process.exitCode = main();
