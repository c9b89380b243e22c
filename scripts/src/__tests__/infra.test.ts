import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { GATEWAY_NODE_ARGS } from "@smart/gateway";
import { COUNTRY_CODES, defaultUnitPort } from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";

// No Docker engine runs here: the deployment files are checked against the contract instead.
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

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
    for (const code of COUNTRY_CODES) {
      const unit = compose.services[`unit-${code.toLowerCase()}`];
      expect(unit, code).to.not.equal(undefined);
      expect(unit!.command).to.deep.equal(["node", "services/national/dist/index.js"]);
      expect(unit!.environment).to.include({ UNIT: code, PORT: String(defaultUnitPort(code)) });
      const database = new URL(unit!.environment!.DATABASE_URL!).pathname.slice(1);
      expect(database).to.equal(`smart_${code.toLowerCase()}`);
      expect(initSql).to.include(`CREATE DATABASE ${database};`);
    }
  });

  it("points the gateway at every unit and at central, on port 4000, with a required JWT_SECRET", () => {
    const gateway = compose.services.gateway!;
    expect(gateway.command).to.deep.equal(["node", ...GATEWAY_NODE_ARGS, "gateway/dist/index.js"]);
    expect(gateway.environment!.PORT).to.equal("4000");
    for (const code of COUNTRY_CODES) {
      expect(gateway.environment![`UNIT_URL_${code}`]).to.equal(`http://unit-${code.toLowerCase()}:${defaultUnitPort(code)}/graphql`);
    }
    expect(gateway.environment!.CENTRAL_URL).to.equal("http://central:4010/graphql");
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== "postgres" && !service.profiles) expect(service.environment!.JWT_SECRET, name).to.match(/^\$\{JWT_SECRET:\?/);
      if (name !== "postgres" && !service.profiles) expect(service.environment!.GATEWAY_SIGNING_SECRET, name).to.match(/^\$\{GATEWAY_SIGNING_SECRET:\?/);
    }
  });

  it("gives every server an optional OTLP endpoint", () => {
    for (const name of ["gateway", "central", ...COUNTRY_CODES.map((code) => `unit-${code.toLowerCase()}`)]) {
      // Empty when unset: tracing stays off.
      expect(compose.services[name]!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT, name).to.equal("${OTEL_EXPORTER_OTLP_ENDPOINT:-}");
    }
  });

  it("has Prometheus (profile metrics) scraping all eleven servers, and Jaeger (profile tracing) taking OTLP", () => {
    const prometheus = compose.services.prometheus!;
    expect(prometheus.profiles).to.deep.equal(["metrics"]);
    const config = parse(read("infra/prometheus/prometheus.yml")) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
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

  it("builds an image holding every workspace package the services need", () => {
    const dockerfile = read("infra/Dockerfile");
    const workspaces = (JSON.parse(read("package.json")) as { workspaces: string[] }).workspaces;
    for (const workspace of workspaces) expect(dockerfile, workspace).to.include(`COPY ${workspace}/package.json ${workspace}/`);
    for (const entry of ["services/national/dist/index.js", "services/central/dist/index.js", "gateway/dist/index.js"]) {
      expect(dockerfile).to.include(entry);
    }
  });
});
