/**
 * The dashboard: a static page that asks the public gateway, with the token of
 * the person signed in (the provider's "Sign in"), like any frontend. Each section is one GraphQL request; a unit that is
 * unavailable costs its own figures only, and the page says so.
 */
import * as Plot from "@observablehq/plot";
import { describe } from "../../src/signIn/client.js";
import { graphql, pageSignIn, type GraphqlAnswer } from "./gateway.js";
import { addMonths, mondayOf, addDays, todayIso } from "./dates.js";
import { numbersTable, percent } from "./tables.js";

const COUNTRIES = ["AT", "BE", "DE", "ES", "FR", "HU", "IT", "NL", "SE"] as const;
const CATEGORY_NAMES: Record<string, string> = { A: "A · freelancers", B: "B · staff", C: "C · partners" };

const unavailable = new Set<string>();
const problems = new Set<string>();
/** Who is signed in ("anonymous" when no one): the central office sees categories and join months; everyone else the members by country. */
let viewerRole = "anonymous";
/** A sign-in error (the provider's refusal, a failed exchange): shown until signed out or in again. */
let signInError: string | null = null;

function section(id: string) {
  const element = document.getElementById(id)!;
  return {
    chart: element.querySelector<HTMLElement>(".chart")!,
    numbers: element.querySelector<HTMLElement>(".numbers")!,
  };
}

/** Notes what went wrong in an answer: units unavailable, or the caller's own errors. */
function noteErrors(answer: GraphqlAnswer<unknown>): void {
  for (const error of answer.errors) {
    const code = error.extensions?.code;
    if (code === "SHARD_UNAVAILABLE" && error.extensions?.unit) unavailable.add(String(error.extensions.unit));
    else problems.add(`${code ?? "ERROR"}: ${error.message}`);
  }
}

function showNotices(): void {
  const notices = document.getElementById("notices")!;
  notices.replaceChildren();
  if (unavailable.size) {
    const units = [...unavailable].sort();
    const p = document.createElement("p");
    p.className = "unavailable";
    p.dataset.testid = "unavailable";
    p.dataset.units = units.join(",");
    p.textContent = `${units.length === 1 ? "Unit" : "Units"} ${units.join(", ")} ${units.length === 1 ? "is" : "are"} unavailable right now: ${units.length === 1 ? "its" : "their"} figures are missing below; the other units' are shown.`;
    notices.append(p);
  }
  if (signInError) {
    const p = document.createElement("p");
    p.className = "error";
    p.dataset.testid = "sign-in-error";
    p.setAttribute("role", "alert");
    p.textContent = signInError;
    notices.append(p);
  }
  for (const problem of problems) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = problem;
    notices.append(p);
  }
}

function empty(element: HTMLElement, text: string): void {
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = text;
  element.replaceChildren(p);
}

interface CountryCategoryGroup {
  country: string;
  /** Absent unless grouped by category (the central office). */
  category?: string;
  count: number;
}

/**
 * Current members (ACTIVE and SUSPENDED; never those who left, moved away or were
 * erased) by country: by category too for the central office, who may read every
 * member's category (the API refuses CATEGORY to anyone else: docs/access.md).
 */
async function membersByCountry(): Promise<void> {
  const { chart, numbers } = section("members-by-country");
  const byCategory = viewerRole === "central_office";
  document.getElementById("members-by-country-title")!.textContent = byCategory
    ? "Current members by country and category"
    : "Current members by country";
  const answer = await graphql<{ memberStats: CountryCategoryGroup[] | null }>(
    byCategory
      ? `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { country category count } }`
      : `{ memberStats(groupBy: [COUNTRY]) { country count } }`,
  );
  noteErrors(answer);
  const groups = (answer.data?.memberStats ?? []).map((g) => ({ ...g, category: g.category ?? "all" }));
  if (!groups.length) return empty(chart, "No figures to show.");
  chart.replaceChildren(
    Plot.plot({
      width: 560,
      height: 300,
      marginLeft: 60,
      x: { label: null, domain: COUNTRIES.filter((c) => !unavailable.has(c)) },
      y: { label: "members", grid: true },
      color: byCategory
        ? { legend: true, domain: ["A", "B", "C"], tickFormat: (c: string) => CATEGORY_NAMES[c] ?? c }
        : { legend: false },
      marks: [Plot.barY(groups, { x: "country", y: "count", fill: "category", tip: true }), Plot.ruleY([0])],
    }),
  );
  const countries = [...new Set(groups.map((g) => g.country))];
  const count = (country: string, category: string) =>
    groups.find((g) => g.country === country && g.category === category)?.count;
  const categories = byCategory ? ["A", "B", "C"] : [];
  numbers.replaceChildren(
    numbersTable(
      "members-table",
      ["country", ...categories, "current members"],
      countries.map((country) => [
        country,
        ...categories.map((category) => ({ value: count(country, category), attributes: { country, category } })),
        {
          value: groups.filter((g) => g.country === country).reduce((sum, g) => sum + g.count, 0),
          attributes: { country, category: "total" },
        },
      ]),
    ),
  );
}

interface Month {
  joinedMonth: string;
  count: number;
}

async function joinsPerMonth(): Promise<void> {
  const { chart, numbers } = section("joins-per-month");
  if (viewerRole !== "central_office") {
    numbers.replaceChildren();
    return empty(
      chart,
      "Join months are the central office's: a member's join date is personal, and months of few joins would tell it.",
    );
  }
  const answer = await graphql<{ memberStats: Month[] | null }>(`
    {
      memberStats(groupBy: [JOINED_MONTH]) {
        joinedMonth
        count
      }
    }
  `);
  noteErrors(answer);
  const months = answer.data?.memberStats ?? [];
  if (!months.length) return empty(chart, "No figures to show.");
  chart.replaceChildren(
    Plot.plot({
      width: 560,
      height: 300,
      marginLeft: 50,
      x: { type: "utc", label: null },
      y: { label: "members joined", grid: true },
      marks: [
        Plot.rectY(months, {
          x1: (m: Month) => new Date(`${m.joinedMonth}-01T00:00:00Z`),
          x2: (m: Month) => new Date(`${addMonths(m.joinedMonth, 1)}-01T00:00:00Z`),
          y: "count",
          fill: "#3b7dd8",
          tip: true,
        }),
        Plot.ruleY([0]),
      ],
    }),
  );
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = `${months.length} months, ${months.reduce((sum, m) => sum + m.count, 0).toLocaleString("en")} members`;
  details.append(
    summary,
    numbersTable(
      "joins-table",
      ["month", "joined"],
      months.map((m) => [m.joinedMonth, { value: m.count, attributes: { month: m.joinedMonth } }]),
    ),
  );
  numbers.replaceChildren(details);
}

interface Occupancy {
  workspace: { id: string; name: string; city: { name: string } };
  seatDaysBooked: number;
  seatDaysOffered: number;
  rate: number;
}

const WEEKS_BACK = 8;
const WEEKS_AHEAD = 4;

async function occupancy(): Promise<void> {
  const { chart, numbers } = section("occupancy");
  const firstMonday = addDays(mondayOf(todayIso()), -7 * WEEKS_BACK);
  const weeks = Array.from({ length: WEEKS_BACK + 1 + WEEKS_AHEAD }, (_, i) => addDays(firstMonday, 7 * i));
  const last = addDays(weeks.at(-1)!, 6);
  const selection = `workspace { id name city { name } } seatDaysBooked seatDaysOffered rate`;
  const fields = weeks.map(
    (monday, i) => `w${i}: workspaceOccupancy(from: "${monday}", to: "${addDays(monday, 6)}") { ${selection} }`,
  );
  const answer = await graphql<Record<string, Occupancy[] | null>>(
    `{ ${fields.join(" ")} total: workspaceOccupancy(from: "${firstMonday}", to: "${last}") { ${selection} } }`,
  );
  noteErrors(answer);
  const totals = answer.data?.total ?? [];
  if (!totals.length) return empty(chart, "No figures to show.");
  const label = (o: Occupancy) => `${o.workspace.name} (${o.workspace.city.name})`;
  type Cell = { week: Date; workspace: string; rate: number | null; booked: number };
  const cells: Cell[] = weeks.flatMap((monday, i) =>
    (answer.data?.[`w${i}`] ?? []).map((o) => ({
      week: new Date(`${monday}T00:00:00Z`),
      workspace: label(o),
      rate: o.seatDaysOffered ? o.rate : null,
      booked: o.seatDaysBooked,
    })),
  );
  chart.replaceChildren(
    Plot.plot({
      width: 1100,
      height: 60 + 26 * totals.length,
      marginLeft: 300,
      padding: 0.05,
      x: { type: "band", label: "week of", tickFormat: (d: Date) => d.toISOString().slice(5, 10) },
      y: { label: null, domain: totals.map(label) },
      color: {
        type: "linear",
        scheme: "YlOrRd",
        domain: [0, 1],
        legend: true,
        label: "desks booked / offered",
        tickFormat: (r: number) => percent(r),
      },
      marks: [
        Plot.cell(cells, { x: "week", y: "workspace", fill: "rate", inset: 0.5, tip: true }),
        Plot.text(cells, {
          x: "week",
          y: "workspace",
          text: (c: Cell) => (c.rate === null ? "closed" : percent(c.rate)),
          fontSize: 9,
          fill: (c: Cell) => (c.rate !== null && c.rate > 0.55 ? "white" : "black"),
        }),
        Plot.ruleX([new Date(`${mondayOf(todayIso())}T00:00:00Z`)], { stroke: "black" }),
      ],
    }),
  );
  const table = numbersTable(
    "occupancy-table",
    ["workspace", "desk-days booked", "offered", "rate"],
    totals.map((o) => [
      label(o),
      { value: o.seatDaysBooked, attributes: { workspace: o.workspace.id, measure: "booked" } },
      { value: o.seatDaysOffered, attributes: { workspace: o.workspace.id, measure: "offered" } },
      { value: percent(o.rate), attributes: { workspace: o.workspace.id, measure: "rate" } },
    ]),
  );
  Object.assign(table.dataset, { from: firstMonday, to: last });
  numbers.replaceChildren(table);
  const caption = document.createElement("p");
  caption.className = "empty";
  caption.textContent = `From ${firstMonday} to ${last}; the line marks this week.`;
  numbers.prepend(caption);
}

interface SipCycle {
  year: number;
  theme: string;
  participantCount: number;
  participantsByCountry: {
    country: { code: string; name: string; memberCount: number | null };
    participants: number;
  }[];
}

async function sipParticipation(): Promise<void> {
  const { chart, numbers } = section("sip");
  const answer = await graphql<{ sipCycles: SipCycle[] | null }>(`
    {
      sipCycles {
        year
        theme
        participantCount
        participantsByCountry {
          country {
            code
            name
            memberCount
          }
          participants
        }
      }
    }
  `);
  noteErrors(answer);
  const cycles = answer.data?.sipCycles ?? [];
  if (!cycles.length) return empty(chart, "No figures to show.");
  const rows = cycles.flatMap((cycle) =>
    cycle.participantsByCountry.map((p) => ({
      year: String(cycle.year),
      country: p.country.code,
      participants: p.participants,
    })),
  );
  chart.replaceChildren(
    Plot.plot({
      width: 560,
      height: 300,
      marginLeft: 50,
      x: { label: null },
      y: { label: "participants", grid: true },
      color: { legend: true, domain: COUNTRIES as unknown as string[], scheme: "Tableau10" },
      marks: [Plot.barY(rows, { x: "year", y: "participants", fill: "country", tip: true }), Plot.ruleY([0])],
    }),
  );
  const present = COUNTRIES.filter((code) => rows.some((r) => r.country === code));
  numbers.replaceChildren(
    numbersTable(
      "sip-table",
      ["cycle", ...present, "total"],
      cycles.map((cycle) => [
        `${cycle.year} · ${cycle.theme}`,
        ...present.map((code) => {
          const entry = cycle.participantsByCountry.find((p) => p.country.code === code);
          const memberCount = entry?.country.memberCount;
          return {
            value: entry?.participants,
            title:
              entry && memberCount
                ? `${entry.participants} of ${memberCount.toLocaleString("en")} members of ${entry.country.name}`
                : undefined,
            attributes: { year: String(cycle.year), country: code },
          };
        }),
        { value: cycle.participantCount, attributes: { year: String(cycle.year), country: "total" } },
      ]),
    ),
  );
}

async function showViewer(): Promise<void> {
  const { signIn } = await pageSignIn;
  const viewer = document.getElementById("viewer")!;
  const signInButton = document.getElementById("sign-in-button") as HTMLButtonElement;
  const signOutButton = document.getElementById("sign-out-button") as HTMLButtonElement;
  const status = signIn?.status();
  signInButton.hidden = !signIn || Boolean(status?.session);
  signOutButton.hidden = !status?.session;
  const claims = status?.session?.claims;
  viewerRole = claims?.role ?? "anonymous";
  document.body.dataset.viewer = viewerRole;
  const counted = "Figures count current members (active and suspended), each person once, in the unit they belong to";
  if (claims) {
    viewer.textContent = `Signed in as ${describe(claims)}. ${counted}${claims.role === "central_office" ? "." : "; groups under 5 members are not shown."}`;
    return;
  }
  const why = !signIn
    ? "this gateway has no identity provider to sign in with"
    : status?.expired
      ? "your sign-in has expired, sign in again"
      : "";
  viewer.textContent = `Anonymous${why ? ` (${why})` : ""}. ${counted}; groups under 5 members are not shown.`;
}

async function render(): Promise<void> {
  document.body.dataset.state = "loading";
  unavailable.clear();
  problems.clear();
  const { error } = await pageSignIn;
  signInError ??= error;
  await showViewer();
  const sections = [membersByCountry, joinsPerMonth, occupancy, sipParticipation];
  const results = await Promise.allSettled(sections.map((draw) => draw()));
  for (const result of results) if (result.status === "rejected") problems.add(String(result.reason));
  // A token refused on the way (ended): the page says so, and offers to sign in again.
  await showViewer();
  showNotices();
  document.body.dataset.state = "ready";
}

document.getElementById("sign-in-button")!.addEventListener("click", (event) => {
  const button = event.currentTarget as HTMLButtonElement;
  button.disabled = true;
  void pageSignIn
    .then(({ signIn }) => signIn!.authorizationUrl())
    .then((url) => window.location.assign(url))
    .catch((error: unknown) => {
      button.disabled = false;
      signInError = error instanceof Error ? error.message : String(error);
      void render();
    });
});

document.getElementById("sign-out-button")!.addEventListener("click", () => {
  void pageSignIn.then(({ signIn }) => {
    signIn?.signOut();
    signInError = null;
    void render();
  });
});

void render();
