import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { FOUNDING_UNITS } from "@smart/platform";
import type { RunningStack } from "./runningStack.js";

const CHROMIUM = "/usr/bin/chromium";
/** Where the screenshot is kept (git-ignored); docs/dashboard.md shows a copy, docs/dashboard.png. */
export const SCREENSHOT = path.resolve(import.meta.dirname, "../../../../artifacts/dashboard.png");

type Cells = Record<string, string>[];

/** Every `td` with a numeric value in the table, with its data-* attributes. */
const cellsOf = (page: Page, testId: string): Promise<Cells> =>
  page.$$eval(`table[data-testid="${testId}"] td[data-value]`, (tds) =>
    tds.map((td) => ({ ...(td as unknown as { dataset: Record<string, string> }).dataset })),
  );

export function dashboardCases(stack: () => RunningStack): void {
  let browser: Browser | undefined;
  let page: Page;
  let office: string;
  const foreignRequests: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(
        `      (skipped: no Chromium at ${CHROMIUM}; install Debian's \`chromium\` package to run the dashboard tests)`,
      );
      this.skip();
    }
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The gateway's pages and the identity provider's login are on this machine; nothing else is fetched.
    page.on("request", (request) => {
      if (!/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(request.url())) foreignRequests.push(request.url());
    });
    office = await stack().bearer({ role: "central_office" });
  });
  after(async () => {
    await browser?.close();
  });

  /** Opens the dashboard; signed in as `account` at the identity provider's login page (Sign in), unless this tab already is. */
  const open = async (account?: "central-office") => {
    await page.goto("about:blank"); // a new document each time
    await page.goto(`${stack().gatewayOrigin}/dashboard/`);
    await page.waitForSelector("body[data-state=ready]", { timeout: 30_000 });
    if (!account || (await page.getAttribute("body", "data-viewer")) === "central_office") return;
    const signedIn = "body[data-state=ready][data-viewer=central_office]";
    await page.click("[data-testid=sign-in]");
    // The provider's login form, unless it still knows this browser (then it sends it straight back).
    await page.waitForSelector(`input[name=login], ${signedIn}`, { timeout: 30_000 });
    if (await page.$("input[name=login]")) {
      await page.fill("input[name=login]", account);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
    }
    await page.waitForSelector(signedIn, { timeout: 30_000 });
  };

  it("renders for the central office with the API's numbers, from the gateway alone, and keeps a screenshot", async () => {
    await open("central-office");
    expect(page.url(), "the provider's answer leaves the address bar").to.equal(`${stack().gatewayOrigin}/dashboard/`);

    const stats = await stack().query<{ memberStats: { country: string; category: string; count: number }[] }>(
      `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { country category count } }`,
      {},
      office,
    );
    const members = (await cellsOf(page, "members-table")).filter((c) => c.category !== "total");
    expect(members.map((c) => [c.country, c.category, Number(c.value)])).to.have.deep.members(
      stats.data!.memberStats.map((g) => [g.country, g.category, g.count]),
    );

    const joins = await stack().query<{ memberStats: { joinedMonth: string; count: number }[] }>(
      `{ memberStats(groupBy: [JOINED_MONTH]) { joinedMonth count } }`,
      {},
      office,
    );
    expect((await cellsOf(page, "joins-table")).map((c) => [c.month, Number(c.value)])).to.deep.equal(
      joins.data!.memberStats.map((m) => [m.joinedMonth, m.count]),
    );

    const range = await page.$eval(`table[data-testid="occupancy-table"]`, (table) => ({
      ...(table as unknown as { dataset: Record<string, string> }).dataset,
    }));
    const occupancy = await stack().query<{
      workspaceOccupancy: { workspace: { id: string }; seatDaysBooked: number; seatDaysOffered: number }[];
    }>(
      `query($from: Date!, $to: Date!) { workspaceOccupancy(from: $from, to: $to) { workspace { id } seatDaysBooked seatDaysOffered } }`,
      { from: range.from, to: range.to },
      office,
    );
    const expected = occupancy.data!.workspaceOccupancy.flatMap((o) => [
      [o.workspace.id, "booked", o.seatDaysBooked],
      [o.workspace.id, "offered", o.seatDaysOffered],
    ]);
    expect(
      expected.some(([, measure, value]) => measure === "booked" && (value as number) > 0),
      "seeded bookings show",
    ).to.equal(true);
    expect(
      (await cellsOf(page, "occupancy-table")).map((c) => [c.workspace, c.measure, Number(c.value)]),
    ).to.deep.equal(expected);
    expect(
      await page.$$eval(
        "#occupancy svg [aria-label=cell] rect, #occupancy svg g[aria-label=cell] rect",
        (rects) => rects.length,
      ),
    ).to.be.greaterThan(13);

    const sip = await stack().query<{
      sipCycles: {
        year: number;
        participantCount: number;
        participantsByCountry: { country: { code: string }; participants: number }[];
      }[];
    }>(`{ sipCycles { year participantCount participantsByCountry { country { code } participants } } }`);
    const sipExpected = sip.data!.sipCycles.flatMap((cycle) => [
      ...cycle.participantsByCountry.map((p) => [String(cycle.year), p.country.code, p.participants]),
      [String(cycle.year), "total", cycle.participantCount],
    ]);
    expect((await cellsOf(page, "sip-table")).map((c) => [c.year, c.country, Number(c.value)])).to.have.deep.members(
      sipExpected,
    );

    expect(await page.$$("#notices p")).to.have.length(0);
    expect(await page.$$eval("section svg", (svgs) => svgs.length)).to.be.at.least(4);
    expect(foreignRequests, "nothing fetched from outside this machine").to.deep.equal([]);
    await fs.mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it("shows an anonymous viewer only groups of 5 or more", async () => {
    await page.evaluate("sessionStorage.clear()");
    await open();
    expect(await page.textContent("[data-testid=viewer]"))
      .to.include("Anonymous")
      .and.include("current members (active and suspended)");
    // By country only (CATEGORY and join months are the central office's), each figure the API's for an anonymous caller.
    const members = await cellsOf(page, "members-table");
    const byCountry = await stack().query<{ memberStats: { country: string; count: number }[] }>(
      `{ memberStats(groupBy: [COUNTRY]) { country count } }`,
    );
    expect(members.map((c) => [c.country, c.category, Number(c.value)])).to.deep.equal(
      byCountry.data!.memberStats.map((g) => [g.country, "total", g.count]),
    );
    expect(members.every((c) => Number(c.value) >= 5)).to.equal(true);
    expect(await page.textContent("#joins-per-month")).to.include("central office");
  });

  it("says when a unit is unavailable, and shows the other units' figures", async () => {
    await stack().stopUnit("SE");
    await open("central-office");
    expect(await page.getAttribute("[data-testid=unavailable]", "data-units")).to.equal("SE");
    expect(await page.textContent("[data-testid=unavailable]")).to.include("SE is unavailable");
    const countries = new Set((await cellsOf(page, "members-table")).map((c) => c.country));
    expect([...countries].sort()).to.deep.equal(FOUNDING_UNITS.filter((c) => c !== "SE"));
    expect(await page.$$eval(`table[data-testid="sip-table"] td[data-value]`, (tds) => tds.length)).to.be.greaterThan(
      0,
    );
  });
}
