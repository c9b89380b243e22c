import { expect } from "chai";
import { randomBytes } from "node:crypto";
import {
  authSettingsFromEnv,
  ConfigError,
  cursorKeyText,
  generateGatewayKeyPair,
  GRAPH_AUDIENCE,
} from "@smart/platform";
import { readGatewayConfig } from "../config.js";

describe("gateway config: the identity provider (AUTH_*)", () => {
  const quietly = <T>(read: () => T): T => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      return read();
    } finally {
      console.warn = warn;
    }
  };

  it("accepts tokens for the European graph from the development provider by default, outside production", () => {
    expect(quietly(() => readGatewayConfig({ NODE_ENV: "development" })).auth).to.deep.equal({
      issuer: "http://localhost:4020",
      jwksUri: "http://localhost:4020/jwks",
      audience: GRAPH_AUDIENCE,
    });
  });

  it("reads the issuer, its JWKS and the audience", () => {
    const env = {
      NODE_ENV: "development",
      AUTH_ISSUER: "https://id.smart.coop/realms/smart",
      AUTH_JWKS_URI: "https://id.smart.coop/realms/smart/protocol/openid-connect/certs",
    };
    expect(quietly(() => readGatewayConfig(env)).auth).to.deep.equal({
      issuer: env.AUTH_ISSUER,
      jwksUri: env.AUTH_JWKS_URI,
      audience: GRAPH_AUDIENCE,
    });
    expect(
      quietly(() => readGatewayConfig({ ...env, AUTH_AUDIENCE: "https://graph.smart.coop" })).auth.audience,
    ).to.equal("https://graph.smart.coop");
  });

  it("refuses to start in production without an issuer, and names a bad URL", () => {
    expect(() => authSettingsFromEnv({ NODE_ENV: "production" }, GRAPH_AUDIENCE)).to.throw(
      ConfigError,
      /^AUTH_ISSUER: required when NODE_ENV=production/,
    );
    expect(() =>
      authSettingsFromEnv({ NODE_ENV: "production", AUTH_ISSUER: "id.smart.coop" }, GRAPH_AUDIENCE),
    ).to.throw(ConfigError, /^AUTH_ISSUER: expected/);
    expect(
      authSettingsFromEnv({ NODE_ENV: "production", AUTH_ISSUER: "https://id.smart.coop/" }, GRAPH_AUDIENCE).jwksUri,
    ).to.equal("https://id.smart.coop/jwks");
  });

  it("starts in production with an issuer and the gateway's keys, and says it is production", () => {
    const pair = generateGatewayKeyPair("gateway-1");
    const keys = {
      GATEWAY_SIGNING_KEY: pair.privateKeyPem,
      GATEWAY_SIGNING_KEY_ID: pair.keyId,
      CURSOR_MASTER_KEY: cursorKeyText(randomBytes(32)),
    };
    const issuer = "https://id.smart.coop/realms/smart";
    expect(readGatewayConfig({ NODE_ENV: "production", AUTH_ISSUER: issuer, ...keys })).to.deep.include({
      production: true,
    });
    expect(() => readGatewayConfig({ NODE_ENV: "production", ...keys })).to.throw(
      ConfigError,
      /^AUTH_ISSUER: required/,
    );
    expect(quietly(() => readGatewayConfig({ NODE_ENV: "test" })).production).to.equal(false);
  });
});
