import { expect } from "chai";
import { ConfigError, DEVELOPMENT_JWT_SECRET } from "@smart/platform";
import { readGatewayConfig } from "../config.js";

describe("gateway config", () => {
  it("defaults to the contract's ports on this machine", () => {
    const config = readGatewayConfig({});
    expect(config).to.deep.include({ port: 4000, host: "127.0.0.1", centralUrl: "http://127.0.0.1:4010/graphql", deadlineMs: 2000, production: false });
    expect(config.unitUrls.AT).to.equal("http://127.0.0.1:4001/graphql");
    expect(config.unitUrls.SE).to.equal("http://127.0.0.1:4009/graphql");
  });

  it("takes every unit's URL, the central URL and the deadline from the environment", () => {
    const config = readGatewayConfig({ UNIT_URL_BE: "http://be.internal:8080/graphql", CENTRAL_URL: "https://central.internal/graphql", SHARD_DEADLINE_MS: "750", PORT: "0" });
    expect(config.unitUrls.BE).to.equal("http://be.internal:8080/graphql");
    expect(config.centralUrl).to.equal("https://central.internal/graphql");
    expect(config.deadlineMs).to.equal(750);
    expect(config.port).to.equal(0);
  });

  it("fails with one line per bad variable, naming it", () => {
    const read = () => readGatewayConfig({ UNIT_URL_FR: "not a url", SHARD_DEADLINE_MS: "soon" });
    expect(read).to.throw(ConfigError).with.property("message").that.matches(/UNIT_URL_FR: .*'not a url'/).and.matches(/SHARD_DEADLINE_MS: /);
  });

  describe("JWT_SECRET", () => {
    const quietly = <T>(read: () => T): T => {
      const warn = console.warn;
      console.warn = () => {};
      try {
        return read();
      } finally {
        console.warn = warn;
      }
    };

    it("refuses to start in production without one, naming JWT_SECRET", () => {
      expect(() => readGatewayConfig({ NODE_ENV: "production" })).to.throw(ConfigError, /^JWT_SECRET: required when NODE_ENV=production/);
      expect(() => readGatewayConfig({ NODE_ENV: "production", JWT_SECRET: "" })).to.throw(ConfigError, /JWT_SECRET/);
    });

    it("refuses a secret shorter than 32 characters, in production or not", () => {
      for (const NODE_ENV of ["production", "development"]) {
        expect(() => readGatewayConfig({ NODE_ENV, JWT_SECRET: "short-secret" })).to.throw(ConfigError, /^JWT_SECRET: use at least 32 characters/);
      }
    });

    it("takes a long enough secret in production, and says it is production", () => {
      const secret = "a-production-secret-of-at-least-32-characters";
      expect(readGatewayConfig({ NODE_ENV: "production", JWT_SECRET: secret })).to.deep.include({ production: true, jwtSecret: secret });
    });

    it("falls back to the announced development secret outside production only", () => {
      const lines: string[] = [];
      const warn = console.warn;
      console.warn = (line: string) => void lines.push(line);
      try {
        expect(readGatewayConfig({ NODE_ENV: "development" }).jwtSecret).to.equal(DEVELOPMENT_JWT_SECRET);
      } finally {
        console.warn = warn;
      }
      expect(lines.join("\n")).to.match(/JWT_SECRET is not set.*DEVELOPMENT SECRET/);
      expect(quietly(() => readGatewayConfig({ NODE_ENV: "test" })).production).to.equal(false);
    });
  });
});
