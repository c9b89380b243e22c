import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../stack/paths.js";

/** The file naming the previous release of main: one full commit hash. */
export const PREVIOUS_RELEASE_FILE = path.join(REPO_ROOT, "release", "previous");
/** The national SDL of that release, as the gateway reads it (@smart/schema's releasedNationalSdl). */
export const RELEASED_NATIONAL_SDL_FILE = path.join(REPO_ROOT, "schema", "released", "national.graphql");
/** What `nationalSdl()` joins, in its order: the SDL a unit of a release serves. */
const NATIONAL_SDL_PARTS = ["schema/national.graphql", "schema/shard.graphql", "schema/access.graphql"];

const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });

/** The previous release's commit, from release/previous. */
export function previousReleaseCommit(): string {
  const commit = readFileSync(PREVIOUS_RELEASE_FILE, "utf8").trim();
  if (!/^[0-9a-f]{40}$/.test(commit))
    throw new Error(`${PREVIOUS_RELEASE_FILE} must hold one full commit hash; it holds ${JSON.stringify(commit)}.`);
  return commit;
}

/** The national SDL a unit of `commit` serves, as that commit's `nationalSdl()` joined it. */
export function nationalSdlAt(commit: string): string {
  return NATIONAL_SDL_PARTS.map((file) => git("show", `${commit}:${file}`)).join("\n");
}

/** Writes release/previous and schema/released/national.graphql for `revision` (a hash or any name git knows). */
export function recordPreviousRelease(revision: string): string {
  const commit = git("rev-parse", "--verify", `${revision}^{commit}`).trim();
  writeFileSync(PREVIOUS_RELEASE_FILE, `${commit}\n`);
  writeFileSync(RELEASED_NATIONAL_SDL_FILE, nationalSdlAt(commit));
  return commit;
}

/** Undefined when schema/released/national.graphql is that of release/previous; else what to do. */
export function releasedSdlDrift(commit: string): string | undefined {
  const recorded = readFileSync(RELEASED_NATIONAL_SDL_FILE, "utf8");
  return recorded === nationalSdlAt(commit)
    ? undefined
    : `${RELEASED_NATIONAL_SDL_FILE} is not the national SDL of ${commit} (release/previous): run \`npm run release -- ${commit}\` and commit both files.`;
}

/** Where the previous release is checked out: outside the repository, where no lint or build of this one looks. */
export const previousReleaseDir = (commit: string) => path.join(os.tmpdir(), "smart-skew", commit);

function run(command: string, args: string[], cwd: string): void {
  console.log(`$ (${path.relative(REPO_ROOT, cwd) || "."}) ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}) in ${cwd}`);
}

/**
 * The previous release's national service, built in a git worktree of its commit:
 * its own dependencies (`npm ci`, skipped when its lockfile was installed already)
 * and its own build of the national package and what it depends on. Returns the
 * worktree.
 */
export function buildPreviousNational(commit: string): string {
  const dir = previousReleaseDir(commit);
  if (!existsSync(path.join(dir, ".git"))) run("git", ["worktree", "add", "--detach", dir, commit], REPO_ROOT);
  const lock = readFileSync(path.join(dir, "package-lock.json"), "utf8");
  const stamp = path.join(dir, "node_modules", ".skew-installed-lock");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== lock) {
    run("npm", ["ci", "--no-audit", "--no-fund"], dir);
    writeFileSync(stamp, lock);
  }
  run("npx", ["turbo", "run", "build", "--filter=@smart/national...", "--output-logs=errors-only"], dir);
  return dir;
}
