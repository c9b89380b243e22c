import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { ConfigError, cursorKeyText, DEVELOPMENT_JWT_SECRET, generateGatewayKeyPair } from "@smart/platform";
import { readGatewayConfig } from "../config.js";

describe("gateway config: JWT_SECRET", () => {
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
    const pair = generateGatewayKeyPair("gateway-1");
    const keys = { GATEWAY_SIGNING_KEY: pair.privateKeyPem, GATEWAY_SIGNING_KEY_ID: pair.keyId, CURSOR_MASTER_KEY: cursorKeyText(randomBytes(32)) };
    expect(readGatewayConfig({ NODE_ENV: "production", JWT_SECRET: secret, ...keys })).to.deep.include({ production: true, jwtSecret: secret });
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
