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

  it("points the gateway at every unit and at central, on port 4000", () => {
    const gateway = compose.services.gateway!;
    expect(gateway.command).to.deep.equal(["node", ...GATEWAY_NODE_ARGS, "gateway/dist/index.js"]);
    expect(gateway.environment!.PORT).to.equal("4000");
    for (const code of COUNTRY_CODES) {
      expect(gateway.environment![`UNIT_URL_${code}`]).to.equal(`http://unit-${code.toLowerCase()}:${defaultUnitPort(code)}/graphql`);
    }
    expect(gateway.environment!.CENTRAL_URL).to.equal("http://central:4010/graphql");
  });

  it("gives every server the provider's issuer and its own audience, and each only its own keys", () => {
    const servers = Object.entries(compose.services).filter(([name, service]) => name !== "postgres" && !service.profiles);
    expect(servers).to.have.length(11);
    const required = (name: string) => new RegExp(`^\\$\\{${name}:\\?`);
    for (const [name, service] of servers) {
      const env = service.environment!;
      for (const gone of ["JWT_SECRET", "GATEWAY_SIGNING_SECRET", "GATEWAY_SIGNING_SECRET_ACCEPTED"]) expect(env, name).to.not.have.property(gone);
      expect(env.AUTH_ISSUER, name).to.match(required("AUTH_ISSUER"));
      expect(env.AUTH_JWKS_URI, name).to.match(required("AUTH_JWKS_URI"));
      const code = COUNTRY_CODES.find((c) => name === `unit-${c.toLowerCase()}`);
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
