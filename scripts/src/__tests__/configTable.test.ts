import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { FOUNDING_UNITS } from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";

/** The one table of every environment variable the code reads. */
const TABLE_FILE = "docs/configuration.md";

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
/** Test code and generated code: scanned only to know that a variable of the table is still read. */
const TEST_ONLY = /(^|\/)(__tests__|__generated__)(\/|$)/;

/**
 * Each service's configuration reader, called with an environment that records every name
 * asked of it: the schema itself says what it reads, whatever helper reads it. Imported by
 * path, as each package exports its server, not its configuration.
 */
const READERS: { module: string; reader: string; env: Record<string, string> }[] = [
  // A unit's own URL is read for any code given (not a list of units): one given is recorded.
  {
    module: "gateway/src/config.ts",
    reader: "readGatewayConfig",
    env: { UNIT_URL_PT: "http://127.0.0.1:4509/graphql" },
  },
  {
    module: "services/national/src/config.ts",
    reader: "readNationalConfig",
    env: { UNIT: "BE", DATABASE_URL: "postgres://app@127.0.0.1/be" },
  },
  {
    module: "services/central/src/config.ts",
    reader: "readCentralConfig",
    env: { DATABASE_URL: "postgres://app@127.0.0.1/central" },
  },
  { module: "services/identity/src/config.ts", reader: "readIdentityConfig", env: {} },
  { module: "scripts/src/stack/ports.ts", reader: "stackPorts", env: {} },
  { module: "scripts/src/stack/postgres.ts", reader: "readStackPostgresConfig", env: {} },
];

/**
 * Variables of the table that no code of the repository reads, and who does: the
 * OpenTelemetry SDK reads its own once tracing is on (`tracing.ts` decides on the others).
 */
const READ_BY_LIBRARIES = new Set(["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

/** `UNIT_URL_BE`, `UNIT_URL_PT` → `UNIT_URL_<CODE>`, as the table names a variable per unit. */
function perUnit(name: string): string {
  const perUnitName = /^((?:UNIT_URL|UNIT_PORT|DATABASE_URL)_)[A-Z]{2}$/.exec(name);
  if (perUnitName) return `${perUnitName[1]}<CODE>`;
  const code = FOUNDING_UNITS.find((c) => name.endsWith(`_${c}`));
  return code ? `${name.slice(0, -code.length)}<CODE>` : name;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(path.join(REPO_ROOT, dir))) return [];
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
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
  if (/\breadConfig\(/.test(text))
    names.push(...[...text.matchAll(/(?:^|[{,])\s*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\s*:(?!:)/gm)].map((m) => m[1]!));
  return names;
}

/** The variables named in the first column of the table, with how often. */
function documentedVariables(): Map<string, number> {
  const page = readFileSync(path.join(REPO_ROOT, TABLE_FILE), "utf8");
  const counts = new Map<string, number>();
  for (const row of page.split("\n").filter((line) => line.startsWith("| `"))) {
    const firstCell = row.split("|")[1]!;
    for (const [, name] of firstCell.matchAll(/`([^`]+)`/g)) counts.set(name!, (counts.get(name!) ?? 0) + 1);
  }
  return counts;
}

/** Every name a reader asks of its environment, in development and in production. */
async function namesReadBy({ module, reader, env }: (typeof READERS)[number]): Promise<Set<string>> {
  const read = (await import(pathToFileURL(path.join(REPO_ROOT, module)).href)) as Record<
    string,
    (env: NodeJS.ProcessEnv) => unknown
  >;
  const names = new Set<string>();
  const warn = console.warn;
  console.warn = () => {}; // the development keys' warnings: expected here, noise in the test's output
  try {
    for (const nodeEnv of ["development", "production"]) {
      const values: Record<string, string> = { ...env, NODE_ENV: nodeEnv };
      const recording = new Proxy(values, {
        get(target, name) {
          if (typeof name !== "string") return undefined;
          names.add(perUnit(name));
          return target[name];
        },
      });
      try {
        read[reader]!(recording);
      } catch {
        // Production refuses the development keys: what it read up to the refusal is recorded.
      }
    }
  } finally {
    console.warn = warn;
  }
  return names;
}

describe("docs/configuration.md > the table of environment variables", () => {
  const table = documentedVariables();
  const readByCode = new Map<string, string[]>();
  const readByTests = new Set<string>();
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    const names = variablesIn(readFileSync(path.join(REPO_ROOT, file), "utf8"));
    if (TEST_ONLY.test(file)) names.forEach((name) => readByTests.add(name));
    else for (const name of names) readByCode.set(name, [...(readByCode.get(name) ?? []), file]);
  }

  it("finds the variables the code reads (the scan itself works)", () => {
    expect([...readByCode.keys()]).to.include.members([
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

  const readByReader = new Map<string, Set<string>>();
  before(async function () {
    this.timeout(60_000);
    for (const entry of READERS) readByReader.set(entry.reader, await namesReadBy(entry));
  });

  for (const { reader, module } of READERS) {
    it(`names every variable ${reader} (${module}) reads`, () => {
      const names = readByReader.get(reader)!;
      expect(names.size, "names recorded").to.be.greaterThan(2);
      expect([...names].filter((name) => /^[A-Z][A-Z0-9_<>]*$/.test(name) && !table.has(name))).to.deep.equal([]);
    });
  }

  it("names every variable the code reads", () => {
    const missing = [...readByCode]
      .filter(([name]) => !table.has(name))
      .map(([name, files]) => `${name} (${[...new Set(files)].join(", ")})`);
    expect(missing, `read by the code, not in ${TABLE_FILE}`).to.deep.equal([]);
  });

  it("names no variable that nothing reads any more", () => {
    const read = new Set([...readByCode.keys(), ...readByTests, ...READ_BY_LIBRARIES]);
    for (const names of readByReader.values()) names.forEach((name) => read.add(name));
    expect([...table.keys()].filter((name) => !read.has(name))).to.deep.equal([]);
  });

  it("has the shared secrets gone: neither read by the code nor in the table (each key has one owner, docs/security.md)", () => {
    for (const name of ["JWT_SECRET", "GATEWAY_SIGNING_SECRET", "GATEWAY_SIGNING_SECRET_ACCEPTED"]) {
      expect(readByCode.get(name) ?? [], `${name} read by`).to.deep.equal([]);
      expect(table.has(name), `${name} in ${TABLE_FILE}`).to.equal(false);
    }
  });

  it("names each variable once", () => {
    expect([...table].filter(([, count]) => count > 1).map(([name]) => name)).to.deep.equal([]);
  });
});
