import { createRequire } from "node:module";
import { createServer } from "node:net";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { GRAPH_AUDIENCE, startIdentityProvider, type RunningIdentityProvider } from "@smart/identity";
import { blockTheNetwork, launchChromium, screenshot } from "./helpers/browser.js";
import { startEuropeStack, type EuropeStack } from "./helpers/europeStack.js";
import { testMembers } from "./helpers/memberData.js";

/**
 * The participation page (/participate/) in a real browser on a phone-sized
 * screen: a member signs in at the development provider, sees the page in their
 * language, votes with the mouse and with the keyboard alone, and the page passes
 * an axe-core audit before and after (no violations). Skipped, saying so, where
 * chromium is not installed.
 */

const members = testMembers(3);
const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

describe("the participation page, in a real browser: sign in, vote, accessible", function () {
  this.timeout(120_000);
  let browser: Browser | null;
  let stack: EuropeStack;
  let provider: RunningIdentityProvider;
  let origin: string;
  let page: Page;
  let resolutions: string[];

  /** axe-core's audit of the page as it stands (WCAG 2.1 A and AA, and best practices). */
  const audit = async (): Promise<string[]> => {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate<AxeViolation[]>(
      `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }).then((r) => r.violations)`,
    );
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  };

  before(async function () {
    browser = await launchChromium();
    if (!browser) return this.skip();
    const port = await freePort();
    const issuer = `http://localhost:${port}`;
    stack = await startEuropeStack(members, {
      auth: { issuer, jwksUri: `http://127.0.0.1:${port}/jwks`, audience: GRAPH_AUDIENCE },
    });
    origin = new URL(stack.gateway.url).origin;
    provider = await startIdentityProvider({ port, gatewayUrl: origin });
    await stack.units.dataSources.BE.query(`UPDATE member SET preferred_language = 'FR' WHERE id = 'BE:m1'`);

    const office = { authorization: `Bearer ${await provider.issue({ role: "central_office" })}` };
    const input = {
      title: "Assemblée générale 2026",
      heldOn: "2026-06-13",
      cityId: "BE:capital",
      resolutions: [{ title: "Comptes 2025" }, { title: "Nouveaux statuts" }],
    };
    const scheduled = await stack.gateway.query(
      `mutation($input: ScheduleAssemblyInput!) { scheduleAssembly(input: $input) { id resolutions { id } } }`,
      { input },
      office,
    );
    const { id, resolutions: created } = scheduled.body.data.scheduleAssembly;
    resolutions = created.map((r: { id: string }) => r.id);
    const opened = await stack.gateway.query(
      `mutation($id: ID!, $closesAt: DateTime!) { openAssemblyVote(assemblyId: $id, closesAt: $closesAt) { voteStatus } }`,
      { id, closesAt: new Date(Date.now() + 3_600_000).toISOString() },
      office,
    );
    expect(opened.body.data.openAssemblyVote.voteStatus).to.equal("OPEN");
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.stop();
  });
  beforeEach(async () => {
    // A phone's screen, and the page's own CSP lifted for the audit's script alone.
    page = await browser!
      .newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true })
      .then((context) => context.newPage());
    await blockTheNetwork(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page)
      console.warn(`  screenshot of the failure: ${await screenshot(page, this.currentTest.fullTitle())}`);
    await page?.context().close();
  });

  it("signs a member in, in their language, lets them vote by mouse and by keyboard, and has no accessibility violations", async () => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${origin}/participate/`);
    await page.waitForSelector("body[data-state=ready]");
    expect(await audit()).to.deep.equal([]);

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator("input[name=login]").fill("BE:m1");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${origin}/participate/`);
    // BE:m1 prefers French: the page speaks it.
    await page.getByRole("group", { name: "Comptes 2025" }).waitFor();
    expect(await page.locator("h1").innerText()).to.equal("Participer");
    expect(await page.evaluate("document.documentElement.lang")).to.equal("fr");
    expect(await audit()).to.deep.equal([]);

    // By mouse (a tap): the first resolution, FOR.
    await page.getByRole("group", { name: "Comptes 2025" }).getByLabel("Pour").check();
    await page
      .locator("form", { has: page.getByRole("group", { name: "Comptes 2025" }) })
      .getByRole("button", { name: "Voter" })
      .click();
    await page.getByRole("status").filter({ hasText: "Votre vote est compté" }).waitFor();

    // By keyboard alone: to the second resolution's first choice, the arrow to AGAINST, Tab to its button, Enter.
    await page.getByRole("group", { name: "Nouveaux statuts" }).getByLabel("Pour").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).to.equal("Voter");
    await page.keyboard.press("Enter");
    await page.waitForFunction(`document.querySelectorAll("fieldset legend").length === 1`);
    // Both resolutions now say the member voted (never what); the status region says the ballot is counted.
    expect(await page.locator("section p.done").allInnerTexts()).to.deep.equal([
      "Comptes 2025 — Vous avez voté.",
      "Nouveaux statuts — Vous avez voté.",
    ]);
    expect(await page.getByRole("status").innerText()).to.match(
      /^Votre vote est compté\. Gardez votre reçu : [0-9a-f-]{36}$/,
    );
    expect(await audit()).to.deep.equal([]);

    const office = { authorization: `Bearer ${await provider.issue({ role: "central_office" })}` };
    const turnout = await stack.gateway.query(
      `query($id: ID!) { assembly(id: $id) { resolutions { turnout { country { code } ballots } } } }`,
      { id: resolutions[0]!.replace(/-r1$/, "") },
      office,
    );
    expect(turnout.body.data.assembly.resolutions.map((r: { turnout: unknown }) => r.turnout)).to.deep.equal([
      [{ country: { code: "BE" }, ballots: 1 }],
      [{ country: { code: "BE" }, ballots: 1 }],
    ]);
    expect(errors).to.deep.equal([]);
  });
});
