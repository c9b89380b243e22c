import { expect } from "chai";
import { createServer } from "node:net";
import type { Browser, Page, Request } from "playwright-core";
import { GRAPH_AUDIENCE, startIdentityProvider, type RunningIdentityProvider } from "@smart/identity";
import { blockTheNetwork, launchChromium, screenshot } from "./helpers/browser.js";
import { startEuropeStack, type EuropeStack } from "./helpers/europeStack.js";
import { testMembers } from "./helpers/memberData.js";

/**
 * Signing in from the gateway's pages in a real browser (Debian's chromium,
 * driven by playwright-core): the IDE and the dashboard send the person to the
 * development OpenID Connect provider (Authorization Code + PKCE), who types an
 * account at its login page, and come back signed in; what they then ask is
 * answered with that person's rights. Skipped, saying so, where chromium is not
 * installed. A failing test leaves a screenshot in gateway/test-artifacts/.
 */

const members = testMembers(3);

/** A port free now, for the provider: the gateway must know its issuer before it starts, and the provider the gateway's origin. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe("signing in from the IDE and the dashboard, in a real browser", function () {
  this.timeout(120_000);
  let browser: Browser | null;
  let stack: EuropeStack;
  let provider: RunningIdentityProvider;
  let origin: string;
  let page: Page;
  let attempted: string[];
  let pageErrors: string[];

  before(async function () {
    browser = await launchChromium();
    if (!browser) return this.skip();
    // The provider sends people back to the gateway's origin, and the gateway checks its tokens.
    const port = await freePort();
    const issuer = `http://localhost:${port}`;
    // A patient deadline: these tests are about signing in and what is shown, not about slow units (a loaded machine's are).
    stack = await startEuropeStack(members, {
      ide: true,
      deadlineMs: 10_000,
      auth: { issuer, jwksUri: `http://127.0.0.1:${port}/jwks`, audience: GRAPH_AUDIENCE },
    });
    origin = new URL(stack.gateway.url).origin;
    provider = await startIdentityProvider({ port, gatewayUrl: origin });
    expect(provider.issuer).to.equal(issuer);
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.stop();
  });
  beforeEach(async () => {
    page = await browser!.newContext({ viewport: { width: 1400, height: 860 } }).then((context) => context.newPage());
    // Everything stays on this machine: the gateway's pages and the provider's.
    attempted = await blockTheNetwork(page);
    pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page)
      console.warn(`  screenshot of the failure: ${await screenshot(page, this.currentTest.fullTitle())}`);
    await page?.context().close();
  });

  /** At the provider's login page: types the account and presses Sign in (or Cancel). */
  const atTheProvider = async (account: string, button: "Sign in" | "Cancel" = "Sign in") => {
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator("input[name=login]").fill(account);
    await page.getByRole("button", { name: button, exact: true }).click();
  };
  const signedInAs = (testId = "signed-in-as") => page.locator(`[data-testid=${testId}]`).innerText();
  /** The tab's storage: where the token is, and is not. */
  const storages = async (): Promise<{ session: Record<string, string>; local: Record<string, string> }> =>
    // A string, not a function: the test runner's compiler would name inner functions with a helper the page lacks.
    page.evaluate(
      "({ session: Object.fromEntries(Object.entries(sessionStorage)), local: Object.fromEntries(Object.entries(localStorage)) })",
    );
  /** Replaces the query in the IDE's editor and runs it; the answer as JSON, and the request it went in. */
  const runInIde = async (query: string) => {
    await page.locator(".graphiql-query-editor .CodeMirror").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(query);
    const sent = page.waitForRequest((request) => request.url() === stack.gateway.url && request.method() === "POST");
    await page.locator(".graphiql-execute-button").click();
    const request: Request = await sent;
    await (await request.response())?.finished();
    await page.waitForFunction(() => {
      const element = (
        globalThis as unknown as {
          document: { querySelector(s: string): { CodeMirror?: { getValue(): string } } | null };
        }
      ).document.querySelector(".graphiql-response .CodeMirror");
      return Boolean(element?.CodeMirror?.getValue());
    });
    const text = await page.evaluate(() => {
      const element = (
        globalThis as unknown as {
          document: { querySelector(s: string): { CodeMirror?: { getValue(): string } } | null };
        }
      ).document.querySelector(".graphiql-response .CodeMirror");
      return element!.CodeMirror!.getValue();
    });
    return {
      answer: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] },
      request,
    };
  };

  it("signs a member in from the IDE (Authorization Code + PKCE), answers their own email with their token, and signs them out", async () => {
    await page.goto(stack.gateway.url);
    await page.locator(".graphiql-container").waitFor();
    expect(await signedInAs()).to.match(/^Anonymous/);

    // Anonymous first: a member's email is not for everyone.
    const anonymous = await runInIde(`{ member(id: "BE:m1") { email } }`);
    expect(anonymous.request.headers().authorization).to.equal(undefined);
    expect(anonymous.answer.data?.member?.email ?? null).to.equal(null);

    await page.getByTestId("sign-in").click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    const authorization = new URL(page.url());
    await atTheProvider("BE:m1");
    await page.waitForURL((url) => url.href.startsWith(stack.gateway.url));
    await page.locator("[data-testid=signed-in-as]", { hasText: "Signed in as member BE:m1 (BE)" }).waitFor();
    expect(page.url(), "the code and state leave the address bar").to.equal(stack.gateway.url);
    expect(authorization.pathname).to.match(/^\/interaction\//);

    const { answer, request } = await runInIde(`{ member(id: "BE:m1") { id email } }`);
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    expect(answer.data.member).to.deep.equal({ id: "BE:m1", email: "BE.m1@example.org" });
    const token = request.headers().authorization!.replace(/^Bearer /, "");
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).to.include({
      iss: provider.issuer,
      sub: "BE:m1",
      role: "member",
      unit: "BE",
      aud: "urn:smart:graph",
    });

    // Kept for the tab only: in sessionStorage, never in localStorage.
    const stored = await storages();
    expect(Object.values(stored.session).join()).to.contain(token);
    expect(Object.values(stored.local).join()).to.not.contain(token);

    await page.getByTestId("sign-out").click();
    expect(await signedInAs()).to.match(/^Anonymous/);
    expect(Object.values((await storages()).session).join()).to.not.contain(token);
    const after = await runInIde(`{ member(id: "BE:m1") { email } }`);
    expect(after.request.headers().authorization).to.equal(undefined);

    // After a sign-out the provider shows its login again: another person may sign in.
    await page.getByTestId("sign-in").click();
    await atTheProvider("FR:m2");
    await page.locator("[data-testid=signed-in-as]", { hasText: "Signed in as member FR:m2 (FR)" }).waitFor();

    expect(attempted, "requests that would have left the machine").to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });

  it("signs the central office in on the dashboard, which then shows every group, small ones included: the API's figures, of current members, saying so", async () => {
    // One member who left the cooperative: counted nowhere by default, on screen as in the API.
    await stack.units.dataSources.BE.query(`UPDATE member SET status = 'LEFT' WHERE id = 'BE:m3'`);
    await page.goto(`${origin}/dashboard/`);
    await page.waitForSelector("body[data-state=ready]");
    expect(await page.getByTestId("viewer").innerText()).to.match(/^Anonymous/);
    // Three members a unit: anonymous callers see no group (under 5).
    expect(await page.locator("table[data-testid=members-table] td[data-value]").count()).to.equal(0);

    // The dashboard's own question once signed in, with the token it holds: asked again below, from here, to compare.
    const asked = page.waitForRequest(
      (request) => request.method() === "POST" && (request.postData() ?? "").includes("groupBy: [COUNTRY, CATEGORY]"),
    );
    await page.getByTestId("sign-in").click();
    await atTheProvider("central-office");
    await page.waitForURL(`${origin}/dashboard/`);
    await page.waitForSelector("body[data-state=ready][data-viewer=central_office]");
    const authorization = (await asked).headers().authorization!;
    expect(await page.getByTestId("viewer").innerText()).to.match(
      /^Signed in as central_office central-office\b.*Figures count current members \(active and suspended\), each person once, in the unit they belong to\.$/,
    );
    expect(await page.locator("#members-by-country-title").innerText()).to.equal(
      "Current members by country and category",
    );
    expect(await page.locator(`table[data-testid="members-table"] th`).allInnerTexts()).to.deep.equal([
      "country",
      "A",
      "B",
      "C",
      "current members",
    ]);
    expect(await page.locator("#notices").innerText()).to.equal("");
    const onScreen = await page.$$eval(`table[data-testid="members-table"] td[data-value]`, (tds) =>
      tds
        .map((td) => (td as unknown as { dataset: Record<string, string> }).dataset)
        .map(({ country, category, value }) => [country, category, Number(value)]),
    );

    const api = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({
        query: `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { country category count } countries { code memberCount } memberCount }`,
      }),
    }).then(
      (response) =>
        response.json() as Promise<{
          data: {
            memberStats: { country: string; category: string; count: number }[];
            countries: { code: string; memberCount: number }[];
            memberCount: number;
          };
        }>,
    );
    const { memberStats, countries, memberCount } = api.data;
    const byCountry = (rows: readonly (readonly unknown[])[], category: string) =>
      rows.filter((row) => row[1] === category).map(([country, , n]) => [country, n]);
    expect(onScreen.filter((row) => row[1] !== "total")).to.have.deep.members(
      memberStats.map((g) => [g.country, g.category, g.count]),
    );
    expect(byCountry(onScreen, "total")).to.have.deep.members(countries.map((c) => [c.code, c.memberCount]));
    expect(onScreen.filter((row) => row[1] === "total").reduce((sum, row) => sum + (row[2] as number), 0)).to.equal(
      memberCount,
    );
    expect(memberCount).to.equal(9 * 3 - 1);

    await page.getByTestId("sign-out").click();
    await page.waitForSelector("body[data-state=ready][data-viewer=anonymous]");
    expect(attempted).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });

  it("shows the provider's refusal when the person cancels, and refuses an answer this tab did not ask for", async () => {
    await page.goto(stack.gateway.url);
    await page.getByTestId("sign-in").click();
    await atTheProvider("BE:m1", "Cancel");
    await page.waitForURL(stack.gateway.url);
    expect(await page.getByTestId("sign-in-error").innerText()).to.equal(
      "Sign-in refused: access_denied: The person cancelled the sign-in.",
    );
    expect(await signedInAs()).to.match(/^Anonymous/);

    // A forged answer (a code with a state this tab never sent): refused, no token asked for.
    const tokenRequests: string[] = [];
    page.on(
      "request",
      (request) => void (request.url().startsWith(provider.issuer) && tokenRequests.push(request.url())),
    );
    await page.goto(`${origin}/dashboard/?code=stolen&state=forged&iss=${encodeURIComponent(provider.issuer)}`);
    await page.waitForSelector("body[data-state=ready]");
    expect(await page.getByTestId("sign-in-error").innerText()).to.match(/not started from this tab/);
    expect(page.url()).to.equal(`${origin}/dashboard/`);
    expect(tokenRequests.filter((url) => url.endsWith("/token"))).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });

  it("asks to sign in again when the token has ended or the gateway refuses it", async () => {
    await page.goto(stack.gateway.url);
    await page.getByTestId("sign-in").click();
    await atTheProvider("staff:BE");
    await page.locator("[data-testid=signed-in-as]", { hasText: "Signed in as unit_staff staff:BE (BE)" }).waitFor();

    // The gateway refuses the token (401): the IDE drops it and says so.
    await page.evaluate(() => {
      const storage = (
        globalThis as unknown as {
          sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
        }
      ).sessionStorage;
      const key = "smart-sign-in:smart-ide:session";
      const session = JSON.parse(storage.getItem(key)!) as { accessToken: string };
      storage.setItem(key, JSON.stringify({ ...session, accessToken: `${session.accessToken.slice(0, -4)}AAAA` }));
    });
    const refused = await runInIde(`{ memberCount }`);
    expect((await refused.request.response())?.status()).to.equal(401);
    await page.locator("[data-testid=signed-in-as]", { hasText: "Your sign-in has expired: sign in again." }).waitFor();

    // Signing in again: the provider still knows the person, so no login form this time.
    await page.getByTestId("sign-in").click();
    await page.locator("[data-testid=signed-in-as]", { hasText: "Signed in as unit_staff staff:BE (BE)" }).waitFor();

    // A token past its end is not sent at all.
    await page.evaluate(() => {
      const storage = (
        globalThis as unknown as {
          sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
        }
      ).sessionStorage;
      const key = "smart-sign-in:smart-ide:session";
      storage.setItem(key, JSON.stringify({ ...JSON.parse(storage.getItem(key)!), expiresAt: Date.now() - 1000 }));
    });
    await page.reload();
    await page.locator("[data-testid=signed-in-as]", { hasText: "Your sign-in has expired: sign in again." }).waitFor();
    const anonymous = await runInIde(`{ memberCount }`);
    expect(anonymous.request.headers().authorization).to.equal(undefined);
    expect(pageErrors).to.deep.equal([]);
  });
});
