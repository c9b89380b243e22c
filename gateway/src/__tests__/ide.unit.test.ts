import { expect } from "chai";
import { readFileSync } from "node:fs";
import { parse, print, type DefinitionNode } from "graphql";
import { FOUNDING_UNITS } from "@smart/platform";
import { EXAMPLE_TABS } from "../ideExamples.js";
import { startFakeUnits, type FakeUnits } from "./helpers/fakeUnits.js";
import { startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { testIdentity } from "@smart/identity/testing";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

describe("the IDE the gateway serves", () => {
  let units: FakeUnits;
  const gateways: RunningGateway[] = [];
  const start = async (options: { production: boolean; ide?: boolean; signIn?: false }) => {
    const gateway = await startGateway(units.urls, options);
    gateways.push(gateway);
    return gateway;
  };
  const get = (gateway: RunningGateway, path: string, accept: string) =>
    fetch(new URL(path, gateway.url), { headers: { accept } });

  before(async () => {
    units = await startFakeUnits(testMembers(1));
  });
  after(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await units?.close();
  });

  it("answers a browser's GET /graphql with GraphiQL in development, its files from this origin only", async () => {
    const gateway = await start({ production: false });
    const page = await get(gateway, "/graphql", BROWSER_ACCEPT);
    expect(page.status).to.equal(200);
    expect(page.headers.get("content-type")).to.match(/^text\/html/);
    expect(page.headers.get("content-security-policy"))
      .to.contain("default-src 'self'")
      .and.contain("connect-src 'self'");
    const html = await page.text();
    expect(html).to.contain("/graphql/assets/ide.js");
    expect(html).to.not.match(/https?:\/\//);
    const script = await get(gateway, "/graphql/assets/ide.js", "*/*");
    expect(script.status).to.equal(200);
    expect(script.headers.get("content-type")).to.match(/javascript/);
    expect((await get(gateway, "/graphql/assets/nothing.js", "*/*")).status).to.equal(404);
  });

  it("leaves a GraphQL GET (JSON accepted) to Apollo", async () => {
    const gateway = await start({ production: false });
    const response = await fetch(new URL("/graphql?query=%7BmemberCount%7D", gateway.url), {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ data: { memberCount: FOUNDING_UNITS.length } });
  });

  it("is not served in production, unless asked for (GRAPHIQL=on)", async () => {
    const production = await start({ production: true });
    const refused = await get(production, "/graphql", BROWSER_ACCEPT);
    expect(refused.status).to.not.equal(200);
    expect(await refused.text()).to.not.contain("<html");
    const asked = await start({ production: true, ide: true });
    expect((await get(asked, "/graphql", BROWSER_ACCEPT)).status).to.equal(200);
  });

  it("answers an allowed origin with CORS headers that a shared cache keeps per origin", async () => {
    const gateway = await start({ production: false });
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { origin: "http://localhost:5173", "content-type": "application/json" },
      body: JSON.stringify({ query: "{ memberCount }" }),
    });
    expect(response.headers.get("access-control-allow-origin")).to.equal("http://localhost:5173");
    expect(response.headers.get("vary")?.toLowerCase()).to.contain("origin").and.contain("authorization");
  });

  it("has every example operation of the README and of docs/calling-the-graph.md in its tabs", () => {
    const examples = (file: string) => {
      const text = readFileSync(new URL(`../../../${file}`, import.meta.url), "utf8");
      const section = text.split("## Example queries")[1]!.split("\n## ")[0]!;
      return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    };
    const operations = (text: string) => parse(text).definitions.map((d: DefinitionNode) => print(d));
    const inReadme = examples("README.md").flatMap(operations);
    const inDocs = examples("docs/calling-the-graph.md").flatMap(operations);
    expect(inReadme.length).to.be.greaterThan(2);
    expect(inDocs.length).to.be.greaterThan(4);
    expect(EXAMPLE_TABS.flatMap((tab) => operations(tab.query))).to.have.members([...inReadme, ...inDocs]);
  });

  it("tells its pages where to sign in (GET /sign-in.json) and lets them reach that provider, and no other origin", async () => {
    const gateway = await start({ production: false });
    const config = await fetch(new URL("/sign-in.json", gateway.url));
    expect(config.status).to.equal(200);
    const body = (await config.json()) as { issuer: string };
    const issuer = (await testIdentity()).issuer;
    expect(body).to.deep.equal({
      issuer,
      resource: "urn:smart:graph",
      scope: "openid",
      clients: { ide: "smart-ide", dashboard: "smart-dashboard", participate: "smart-participate" },
    });
    const connectSources = (policy: string | null) => /connect-src ([^;]*)/.exec(policy ?? "")?.[1];
    const ide = await get(gateway, "/graphql", BROWSER_ACCEPT);
    expect(connectSources(ide.headers.get("content-security-policy"))).to.equal(`'self' ${new URL(issuer).origin}`);
    const dashboard = await get(gateway, "/dashboard/", BROWSER_ACCEPT);
    expect(dashboard.status).to.equal(200);
    expect(await dashboard.text())
      .to.contain('data-testid="sign-in"')
      .and.not.contain("token");
    expect(connectSources(dashboard.headers.get("content-security-policy"))).to.equal(
      `'self' ${new URL(issuer).origin}`,
    );
  });

  it("says so when its pages have no provider to sign in with (signIn: false): they stay anonymous", async () => {
    const gateway = await start({ production: false, signIn: false });
    const config = await fetch(new URL("/sign-in.json", gateway.url));
    expect(config.status).to.equal(404);
    expect(await config.json())
      .to.have.property("error")
      .that.matches(/no identity provider/);
    const ide = await get(gateway, "/graphql", BROWSER_ACCEPT);
    expect(ide.headers.get("content-security-policy")).to.contain("connect-src 'self';");
  });
});
