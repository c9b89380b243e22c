import { expect } from "chai";
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express from "express";
import type { Browser, Page } from "playwright-core";
import { corsPolicyFromEnv, listen, type RunningServer } from "@smart/platform";
import { blockTheNetwork, launchChromium, screenshot } from "./helpers/browser.js";
import { startEuropeStack, type EuropeStack } from "./helpers/europeStack.js";
import { testMembers } from "./helpers/memberData.js";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * The graph in a real browser (Debian's chromium, driven by playwright-core):
 * the IDE the gateway serves, offline; a web app on another origin; an origin
 * that is not allowed. Skipped, saying so, where chromium is not installed.
 * A failing test leaves a screenshot in gateway/test-artifacts/.
 */

const members = testMembers(3);
/** docs/calling-the-graph.md's picture of the IDE: rewritten by `UPDATE_README_SCREENSHOT=1 npm test -w @smart/gateway`. */
const README_SCREENSHOT = fileURLToPath(new URL("../../ide/screenshot.png", import.meta.url));
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A one-page web app served from its own origin: an empty page the tests script. */
async function startWebApp(): Promise<RunningServer & { origin: string }> {
  const app = express();
  app.get(
    "/",
    (_req, res) =>
      void res
        .type("html")
        .send(
          `<!doctype html><html><head><meta charset="utf-8"><title>A Smart web app</title></head><body><main id="out"></main></body></html>`,
        ),
  );
  const server = await listen(app, 0);
  return { ...server, origin: new URL(server.url).origin };
}

describe("in a real browser", function () {
  this.timeout(120_000);
  let browser: Browser | null;
  let stack: EuropeStack;
  let allowedApp: Awaited<ReturnType<typeof startWebApp>>;
  let otherApp: Awaited<ReturnType<typeof startWebApp>>;
  let page: Page;

  before(async function () {
    browser = await launchChromium();
    if (!browser) return this.skip();
    [allowedApp, otherApp] = await Promise.all([startWebApp(), startWebApp()]);
    // As in production with CORS_ORIGINS: the one web app's origin, no other.
    stack = await startEuropeStack(members, {
      cors: corsPolicyFromEnv({ CORS_ORIGINS: allowedApp.origin }),
      ide: true,
    });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
    await Promise.all([allowedApp?.close(), otherApp?.close()]);
  });
  beforeEach(async () => {
    page = await browser!.newContext({ viewport: { width: 1400, height: 860 } }).then((context) => context.newPage());
    stack.unitCalls.count = 0;
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page)
      console.warn(`  screenshot of the failure: ${await screenshot(page, this.currentTest.fullTitle())}`);
    await page?.context().close();
  });

  const tokenOf = (viewer: PersonViewer) => tokenFor(viewer);
  /** The text of a CodeMirror editor on the page (its element holds the editor). The gateway's types have no DOM: the page's globals are untyped here. */
  const editorValue = (selector: string) =>
    page.evaluate((s) => {
      const element = (
        globalThis as unknown as {
          document: { querySelector(s: string): { CodeMirror?: { getValue(): string } } | null };
        }
      ).document.querySelector(s);
      return element?.CodeMirror?.getValue() ?? null;
    }, selector);

  it("serves the IDE at GET /graphql, which loads with the network cut, runs a Europe-wide query with a token from its headers panel and shows the answer", async () => {
    const attempted = await blockTheNetwork(page);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const response = await page.goto(stack.gateway.url, { waitUntil: "networkidle" });
    expect(response?.status()).to.equal(200);
    expect(response?.headers()["content-security-policy"]).to.contain("default-src 'self'");
    await page.locator(".graphiql-container").waitFor();

    // The documentation's example operations, one per tab; the first tells how to sign in (signIn.e2e.test.ts signs in).
    const tabs = await page.locator(".graphiql-tab-button").allInnerTexts();
    expect(tabs).to.include.members([
      "Countries",
      "EuropeanMembers",
      "SmartInProgress",
      "RegisterMember",
      "BookDesk",
      "MyBookings",
    ]);
    expect(await editorValue(".graphiql-query-editor .CodeMirror")).to.contain('press "Sign in"');

    // The central office's token in the headers panel, then the Europe-wide member list.
    await page.locator(".graphiql-tab-button", { hasText: "EuropeanMembers" }).click();
    const headers = `{ "Authorization": "Bearer ${await tokenOf({ role: "central_office" })}" }`;
    await page.locator(".graphiql-editor-tools button", { hasText: "Headers" }).click();
    await page.locator(".graphiql-editor-tool .CodeMirror:visible").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(headers);
    await page.locator(".graphiql-execute-button").click();
    await page.locator(".graphiql-response", { hasText: "displayName" }).waitFor();
    const answer = JSON.parse((await editorValue(".graphiql-response .CodeMirror"))!);
    expect(answer.errors).to.equal(undefined);
    const countries = new Set(
      answer.data.members.edges.map((edge: { node: { country: { code: string } } }) => edge.node.country.code),
    );
    expect(countries.size, "members from several units").to.be.greaterThan(3);
    expect(await page.locator(".graphiql-response").innerText()).to.contain(
      answer.data.members.edges[0].node.displayName,
    );

    expect(attempted, "requests that would have left the machine").to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
    if (process.env.UPDATE_README_SCREENSHOT) {
      const shot = await screenshot(page, "graphiql");
      copyFileSync(shot, README_SCREENSHOT);
    }
  });

  it("lets a web app on an allowed origin sign in with a token, list the members of two units and book a desk, all through the gateway", async () => {
    await page.goto(allowedApp.url.replace("/graphql", "/"));
    const call = (token: string, query: string, variables: Record<string, unknown> = {}) =>
      page.evaluate(
        async ({ url, token, query, variables }) => {
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          return { status: response.status, body: (await response.json()) as any };
        },
        { url: stack.gateway.url, token, query, variables },
      );

    const office = await tokenOf({ role: "central_office" });
    const listed = await call(
      office,
      `{ be: members(country: BE, first: 10) { edges { node { id displayName country { id } } } } fr: members(country: FR, first: 10) { edges { node { id displayName } } } }`,
    );
    expect(listed.status).to.equal(200);
    expect(listed.body.errors).to.equal(undefined);
    expect(listed.body.data.be.edges.map((e: { node: { id: string } }) => e.node.id)).to.have.members(
      members.BE.map((m) => m.id),
    );
    expect(listed.body.data.fr.edges.map((e: { node: { id: string } }) => e.node.id)).to.have.members(
      members.FR.map((m) => m.id),
    );
    expect(listed.body.data.be.edges[0].node.country).to.deep.equal({ id: "BE" });

    const member = await tokenOf({ role: "member", unit: "BE", sub: "BE:m1" });
    const booked = await call(
      member,
      `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id status member { id } } }`,
      {
        input: { workspaceId: "FR:w1", memberId: "BE:m1", date: day(5), idempotencyKey: "browser-test-desk" },
      },
    );
    expect(booked.body.errors).to.equal(undefined);
    expect(booked.body.data.bookWorkspace).to.deep.include({ status: "CONFIRMED", member: { id: "BE:m1" } });
    expect(booked.body.data.bookWorkspace.id).to.match(/^FR:/);
  });

  it("blocks a web app on an origin that is not allowed: its preflight gets no CORS headers, the browser refuses, no unit is asked", async () => {
    await page.goto(otherApp.url.replace("/graphql", "/"));
    const consoleErrors: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && consoleErrors.push(message.text())));
    const office = await tokenOf({ role: "central_office" });
    const outcome = await page.evaluate(
      async ({ url, token }) => {
        try {
          await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: "{ memberCount }" }),
          });
          return "answered";
        } catch (error) {
          return `refused: ${(error as Error).name}`;
        }
      },
      { url: stack.gateway.url, token: office },
    );
    expect(outcome).to.equal("refused: TypeError");
    expect(consoleErrors.join("\n")).to.match(/blocked by CORS policy/);
    expect(stack.unitCalls.count).to.equal(0);
  });
});
