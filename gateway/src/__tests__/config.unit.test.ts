import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { ConfigError, cursorKeyText, FOUNDING_UNITS, generateGatewayKeyPair } from "@smart/platform";
import { readGatewayConfig } from "../config.js";
import { unitUrlOf } from "../unitDirectory/index.js";

const urlsOf = (config: ReturnType<typeof readGatewayConfig>) => ({
  template: config.unitUrlTemplate,
  overrides: config.unitUrls,
});

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
    expect(unitUrlOf(urlsOf(config), "AT")).to.equal("http://127.0.0.1:4001/graphql");
    expect(unitUrlOf(urlsOf(config), "SE")).to.equal("http://127.0.0.1:4009/graphql");
    expect(unitUrlOf(urlsOf(config), "PT"), "a unit the graph did not begin with").to.equal(
      "http://127.0.0.1:4509/graphql",
    );
    expect(config.units, "GATEWAY_UNITS: the founding nine").to.deep.equal([...FOUNDING_UNITS]);
    expect(config.unitDirectoryRefreshSeconds).to.equal(10);
  });

  it("reads the units to start with, the directory's refresh and a URL template filled in per unit", () => {
    const config = readGatewayConfig({
      GATEWAY_UNITS: "BE, PT",
      UNIT_DIRECTORY_REFRESH_SECONDS: "0.5",
      UNIT_URL_TEMPLATE: "http://unit-{code_lower}.{code}.svc:{port}/graphql",
      UNIT_URL_PT: "http://portugal.internal/graphql",
    });
    expect(config.units).to.deep.equal(["BE", "PT"]);
    expect(config.unitDirectoryRefreshSeconds).to.equal(0.5);
    expect(unitUrlOf(urlsOf(config), "BE")).to.equal("http://unit-be.BE.svc:4002/graphql");
    expect(unitUrlOf(urlsOf(config), "XK")).to.equal("http://unit-xk.XK.svc:4708/graphql");
    expect(unitUrlOf(urlsOf(config), "PT"), "UNIT_URL_<CODE> wins, for any code").to.equal(
      "http://portugal.internal/graphql",
    );
    expect(() =>
      readGatewayConfig({
        GATEWAY_UNITS: "BE,be",
        UNIT_DIRECTORY_REFRESH_SECONDS: "0",
        UNIT_URL_TEMPLATE: "unit-{code}",
        UNIT_URL_EU: "http://eu/graphql",
      }),
    )
      .to.throw(ConfigError)
      .with.property("message")
      .that.matches(/GATEWAY_UNITS: .*be/)
      .and.matches(/UNIT_DIRECTORY_REFRESH_SECONDS: /)
      .and.matches(/UNIT_URL_TEMPLATE: /)
      .and.matches(/UNIT_URL_EU: /);
  });

  it("takes every unit's URL, the central URL and the deadline from the environment", () => {
    const config = readGatewayConfig({
      UNIT_URL_BE: "http://be.internal:8080/graphql",
      CENTRAL_URL: "https://central.internal/graphql",
      SHARD_DEADLINE_MS: "750",
      PORT: "0",
    });
    expect(unitUrlOf(urlsOf(config), "BE")).to.equal("http://be.internal:8080/graphql");
    expect(config.centralUrl).to.equal("https://central.internal/graphql");
    expect(config.deadlineMs).to.equal(750);
    expect(config.port).to.equal(0);
  });

  it("reads what its readiness requires: all by default (the units admitted when asked, and central), none, or a list", () => {
    expect(readGatewayConfig({}).requiredForReady).to.equal("all");
    expect(readGatewayConfig({ READY_REQUIRES: "central,PT" }).requiredForReady).to.deep.equal(["central", "PT"]);
    expect(readGatewayConfig({ READY_REQUIRES: "none" }).requiredForReady).to.deep.equal([]);
    expect(readGatewayConfig({ READY_REQUIRES: "central, BE" }).requiredForReady).to.deep.equal(["central", "BE"]);
    expect(() => readGatewayConfig({ READY_REQUIRES: "central,uk" }))
      .to.throw(ConfigError)
      .with.property("message")
      .that.matches(/READY_REQUIRES: .*uk/);
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
