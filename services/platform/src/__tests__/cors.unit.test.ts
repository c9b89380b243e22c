import { expect } from "chai";
import { ApolloServer } from "@apollo/server";
import { ConfigError } from "../config.js";
import { corsPolicyFromEnv, type CorsPolicy } from "../cors.js";
import { createGraphqlApp, listen, type RunningServer } from "../httpServer.js";

describe("CORS", () => {
  describe("corsPolicyFromEnv", () => {
    it("allows any localhost and 127.0.0.1 port in development by default, nothing else", () => {
      const policy = corsPolicyFromEnv({});
      for (const origin of ["http://localhost:5173", "http://127.0.0.1:4600", "http://localhost", "http://[::1]:3000"])
        expect(policy.allows(origin), origin).to.equal(true);
      for (const origin of [
        "https://evil.example",
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example:80",
        "null",
        "https://localhost:5173",
      ]) {
        expect(policy.allows(origin), origin).to.equal(false);
      }
      expect(policy.warning).to.equal(undefined);
    });

    it("allows no origin in production without CORS_ORIGINS, and says so", () => {
      const policy = corsPolicyFromEnv({ NODE_ENV: "production" });
      expect(policy.allows("http://localhost:5173")).to.equal(false);
      expect(policy.warning).to.match(/CORS_ORIGINS is not set/);
    });

    it("allows exactly the origins of CORS_ORIGINS, in any environment", () => {
      const policy = corsPolicyFromEnv({
        NODE_ENV: "production",
        CORS_ORIGINS: "https://app.smart.coop, http://127.0.0.1:4600",
      });
      expect(policy.allows("https://app.smart.coop")).to.equal(true);
      expect(policy.allows("http://127.0.0.1:4600")).to.equal(true);
      expect(policy.allows("http://127.0.0.1:4601")).to.equal(false);
      expect(policy.allows("http://localhost:5173")).to.equal(false);
      expect(corsPolicyFromEnv({ CORS_ORIGINS: "*" }).allows("https://anything.example")).to.equal(true);
    });

    it("refuses an entry that is not an origin, naming the variable", () => {
      for (const bad of [
        "app.smart.coop",
        "https://app.smart.coop/",
        "https://app.smart.coop/graphql",
        "ftp://files.example",
      ]) {
        expect(() => corsPolicyFromEnv({ CORS_ORIGINS: bad }), bad).to.throw(ConfigError, /^CORS_ORIGINS: /);
      }
    });
  });

  describe("createGraphqlApp over real HTTP", () => {
    let apollo: ApolloServer;
    let server: RunningServer;
    const policy: CorsPolicy = corsPolicyFromEnv({ CORS_ORIGINS: "http://127.0.0.1:4600" });

    before(async () => {
      apollo = new ApolloServer({
        typeDefs: "type Query { hello: String }",
        resolvers: { Query: { hello: () => "world" } },
      });
      await apollo.start();
      server = await listen(createGraphqlApp({ apollo, context: async () => ({}), cors: policy }), 0);
    });
    after(async () => {
      await server?.close();
      await apollo?.stop();
    });

    const preflight = (origin: string) =>
      fetch(server.url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type,apollo-require-preflight",
        },
      });

    it("answers an allowed origin's preflight 204, before Apollo's CSRF check, allowing the token and JSON", async () => {
      const response = await preflight("http://127.0.0.1:4600");
      expect(response.status).to.equal(204);
      expect(response.headers.get("access-control-allow-origin")).to.equal("http://127.0.0.1:4600");
      const allowed = response.headers.get("access-control-allow-headers")?.split(",") ?? [];
      expect(allowed).to.include.members([
        "authorization",
        "content-type",
        "apollo-require-preflight",
        "x-apollo-operation-name",
      ]);
      expect(response.headers.get("access-control-allow-methods")).to.contain("POST");
      expect(response.headers.get("vary")).to.match(/origin/i);
    });

    it("lets the allowed origin read the answer of a POST", async () => {
      const response = await fetch(server.url, {
        method: "POST",
        headers: { origin: "http://127.0.0.1:4600", "content-type": "application/json" },
        body: JSON.stringify({ query: "{ hello }" }),
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get("access-control-allow-origin")).to.equal("http://127.0.0.1:4600");
      expect(await response.json()).to.deep.equal({ data: { hello: "world" } });
    });

    it("gives a disallowed origin no CORS header at all", async () => {
      const response = await preflight("http://127.0.0.1:4601");
      expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).to.deep.equal([]);
      const post = await fetch(server.url, {
        method: "POST",
        headers: { origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ query: "{ hello }" }),
      });
      expect([...post.headers.keys()].filter((name) => name.startsWith("access-control-"))).to.deep.equal([]);
    });
  });
});
