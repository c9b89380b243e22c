import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../stack/paths.js";

/** Where the code that runs (not the tests) lives. */
const SOURCE_ROOTS = [
  "services/platform/src",
  "services/national/src",
  "services/central/src",
  "services/identity/src",
  "gateway/src",
  "scripts/src",
  "scripts/devdb/src",
  "schema/src",
];
/** What tests read or set for their own children: documented with the tests, not here. */
const TEST_ONLY = /(^|\/)(__tests__|__generated__)(\/|$)/;

function sourceFiles(dir: string): string[] {
  // services/identity (the development OpenID Connect provider) comes with issue 21.
  if (!existsSync(path.join(REPO_ROOT, dir))) return [];
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (TEST_ONLY.test(relative)) return [];
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });
}

/**
 * The variables a file reads: `env.NAME` and `process.env.NAME`, the keys of the
 * zod shapes handed to readConfig (`NAME: schema`), and names built per unit
 * (`UNIT_URL_${code}` → `UNIT_URL_<CODE>`).
 */
function variablesIn(text: string): string[] {
  const names = [...text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1]!);
  names.push(...[...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_)\$\{/g)].map((m) => `${m[1]}<CODE>`));
  if (/\breadConfig\(/.test(text)) names.push(...[...text.matchAll(/(?:^|[{,])\s*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\s*:(?!:)/gm)].map((m) => m[1]!));
  return names;
}

/** The variables named in the first column of the README's configuration table, with how often. */
function readmeTable(): Map<string, number> {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
  const counts = new Map<string, number>();
  for (const row of section.split("\n").filter((line) => line.startsWith("| `"))) {
    const firstCell = row.split("|")[1]!;
    for (const [, name] of firstCell.matchAll(/`([^`]+)`/g)) counts.set(name!, (counts.get(name!) ?? 0) + 1);
  }
  return counts;
}

describe("README > configuration table", () => {
  const table = readmeTable();
  const read = new Map<string, string[]>();
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    for (const name of variablesIn(readFileSync(path.join(REPO_ROOT, file), "utf8"))) read.set(name, [...(read.get(name) ?? []), file]);
  }

  it("finds the variables the code reads (the scan itself works)", () => {
    expect([...read.keys()]).to.include.members([
      "DATABASE_URL",
      "UNIT",
      "PORT",
      "GATEWAY_PORT",
      "UNIT_PORT_<CODE>",
      "UNIT_URL_<CODE>",
      "QUERY_MAX_TOKENS",
      "SHUTDOWN_TIMEOUT_MS",
      "AUTH_ISSUER",
      "AUTH_AUDIENCE",
      "GATEWAY_SIGNING_KEY",
      "GATEWAY_PUBLIC_KEYS",
      "CURSOR_KEY",
    ]);
  });

  it("has the shared secrets gone: neither read by the code nor in the table (each key has one owner, docs/security.md)", () => {
    for (const name of ["JWT_SECRET", "GATEWAY_SIGNING_SECRET", "GATEWAY_SIGNING_SECRET_ACCEPTED"]) {
      expect(read.get(name) ?? [], `${name} read by`).to.deep.equal([]);
      expect(table.has(name), `${name} in README.md's table`).to.equal(false);
    }
  });

  it("names every variable the code reads", () => {
    const missing = [...read].filter(([name]) => !table.has(name)).map(([name, files]) => `${name} (${[...new Set(files)].join(", ")})`);
    expect(missing, "read by the code, not in README.md's configuration table").to.deep.equal([]);
  });

  it("names each variable once", () => {
    expect([...table].filter(([, count]) => count > 1).map(([name]) => name)).to.deep.equal([]);
  });
});
