import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { ConfigError, cursorKeyText, generateGatewayKeyPair } from "@smart/platform";
import { readGatewayConfig } from "../config.js";

describe("gateway config", () => {
  it("defaults to the contract's ports on this machine", () => {
    const config = readGatewayConfig({});
    expect(config).to.deep.include({
      port: 4000,
      host: "127.0.0.1",
      centralUrl: "http://127.0.0.1:4010/graphql",
      deadlineMs: 2000,
      production: false,
    });
    expect(config.unitUrls.AT).to.equal("http://127.0.0.1:4001/graphql");
    expect(config.unitUrls.SE).to.equal("http://127.0.0.1:4009/graphql");
  });

  it("takes every unit's URL, the central URL and the deadline from the environment", () => {
    const config = readGatewayConfig({
      UNIT_URL_BE: "http://be.internal:8080/graphql",
      CENTRAL_URL: "https://central.internal/graphql",
      SHARD_DEADLINE_MS: "750",
      PORT: "0",
    });
    expect(config.unitUrls.BE).to.equal("http://be.internal:8080/graphql");
    expect(config.centralUrl).to.equal("https://central.internal/graphql");
    expect(config.deadlineMs).to.equal(750);
    expect(config.port).to.equal(0);
  });

  it("reads what its readiness requires: all by default, none, or a list", () => {
    expect(readGatewayConfig({}).requiredForReady).to.have.members([
      "AT",
      "BE",
      "DE",
      "ES",
      "FR",
      "HU",
      "IT",
      "NL",
      "SE",
      "central",
    ]);
    expect(readGatewayConfig({ READY_REQUIRES: "none" }).requiredForReady).to.deep.equal([]);
    expect(readGatewayConfig({ READY_REQUIRES: "central, BE" }).requiredForReady).to.deep.equal(["central", "BE"]);
    expect(() => readGatewayConfig({ READY_REQUIRES: "central,UK" }))
      .to.throw(ConfigError)
      .with.property("message")
      .that.matches(/READY_REQUIRES: .*UK/);
  });

  it("fails with one line per bad variable, naming it", () => {
    const read = () => readGatewayConfig({ UNIT_URL_FR: "not a url", SHARD_DEADLINE_MS: "soon" });
    expect(read)
      .to.throw(ConfigError)
      .with.property("message")
      .that.matches(/UNIT_URL_FR: .*'not a url'/)
      .and.matches(/SHARD_DEADLINE_MS: /);
  });
});

/** The gateway's own keys, as production requires them. */
const pair = generateGatewayKeyPair("gateway-1");
const PRODUCTION_KEYS = {
  GATEWAY_SIGNING_KEY: pair.privateKeyPem,
  GATEWAY_SIGNING_KEY_ID: pair.keyId,
  CURSOR_MASTER_KEY: cursorKeyText(randomBytes(32)),
};

describe("gateway config: its keys", () => {
  it("reads GATEWAY_SIGNING_KEY, GATEWAY_SIGNING_KEY_ID and CURSOR_MASTER_KEY; production refuses to start without each", () => {
    const config = readGatewayConfig({
      NODE_ENV: "production",
      AUTH_ISSUER: "https://id.smart.coop/realms/smart",
      ...PRODUCTION_KEYS,
    });
    expect(config.signingKey.keyId).to.equal("gateway-1");
    expect(config.cursorMasterKeys.map(cursorKeyText)).to.deep.equal([PRODUCTION_KEYS.CURSOR_MASTER_KEY]);
    for (const name of ["GATEWAY_SIGNING_KEY", "CURSOR_MASTER_KEY"] as const) {
      const others = Object.fromEntries(Object.entries(PRODUCTION_KEYS).filter(([key]) => !key.startsWith(name)));
      expect(
        () =>
          readGatewayConfig({ NODE_ENV: "production", AUTH_ISSUER: "https://id.smart.coop/realms/smart", ...others }),
        name,
      ).to.throw(ConfigError, new RegExp(`^${name}: required when NODE_ENV=production`));
    }
  });

  it("holds no GATEWAY_SIGNING_SECRET any more: the old variable is not read", () => {
    const config = readGatewayConfig({
      NODE_ENV: "production",
      AUTH_ISSUER: "https://id.smart.coop/realms/smart",
      ...PRODUCTION_KEYS,
      GATEWAY_SIGNING_SECRET: "y".repeat(32),
    });
    expect(config).not.to.have.property("signingSecrets");
  });
});

describe("gateway config: the IDE and CORS", () => {
  it("serves the IDE in development, not in production unless GRAPHIQL=on", () => {
    expect(readGatewayConfig({}).ide).to.equal(true);
    expect(
      readGatewayConfig({
        NODE_ENV: "production",
        AUTH_ISSUER: "https://id.smart.coop/realms/smart",
        ...PRODUCTION_KEYS,
      }).ide,
    ).to.equal(false);
    expect(
      readGatewayConfig({
        NODE_ENV: "production",
        AUTH_ISSUER: "https://id.smart.coop/realms/smart",
        ...PRODUCTION_KEYS,
        GRAPHIQL: "on",
      }).ide,
    ).to.equal(true);
    expect(readGatewayConfig({ GRAPHIQL: "off" }).ide).to.equal(false);
    expect(() => readGatewayConfig({ GRAPHIQL: "yes" })).to.throw(ConfigError, /GRAPHIQL: expected on or off/);
  });

  it("reads CORS_ORIGINS, and in production without it allows none with a warning", () => {
    expect(
      readGatewayConfig({ CORS_ORIGINS: "https://app.smart.coop" }).cors.allows("https://app.smart.coop"),
    ).to.equal(true);
    const production = readGatewayConfig({
      NODE_ENV: "production",
      AUTH_ISSUER: "https://id.smart.coop/realms/smart",
      ...PRODUCTION_KEYS,
    }).cors;
    expect(production.allows("http://localhost:5173")).to.equal(false);
    expect(production.warning).to.match(/CORS_ORIGINS/);
  });
});
