/**
 * The participation page (/participate/): a signed-in member votes in the
 * general assembly's open vote (each resolution, and a ranking of the budget
 * priorities) and joins or leaves Smart In Progress working groups. Plain DOM,
 * one column for a phone, native controls with labels (fieldset/legend for each
 * choice), one live status region that says what happened, in the member's
 * language. Its only way to data is POST /graphql with the member's token.
 */
import { connectPage } from "../../dashboard/src/pageConnection.js";
import { pageLanguage, textIn, type PageLanguage } from "./texts.js";

interface Assembly {
  id: string;
  title: string;
  voteStatus: string | null;
  voteClosesAt: string | null;
  resolutions: { id: string; title: string }[];
  prioritiesOnBallot: { id: string; title: string }[];
}
interface WorkingGroup {
  id: string;
  topic: string;
  participantCount: number;
  city: { id: string };
}
interface PageData {
  assemblies: Assembly[];
  sipCycles: { id: string; year: number; theme: string; workingGroups: WorkingGroup[] }[];
  sipParticipations: { id: string }[];
  member: { displayName: string; ballotsCast: string[] | null } | null;
}

const CHOICES = ["FOR", "AGAINST", "ABSTAIN"] as const;

const { pageSignIn, graphql } = connectPage("participate");

const PAGE = `query Participate($id: ID!, $lang: Language) {
  member(id: $id) { displayName ballotsCast }
  assemblies { id title voteStatus voteClosesAt resolutions { id title } prioritiesOnBallot { id title(lang: $lang) } }
  sipCycles { id year theme(lang: $lang) workingGroups { id topic participantCount city { id } } }
  sipParticipations(memberId: $id) { id }
}`;

let lang: PageLanguage = pageLanguage(null, navigator.languages);
let t = textIn(lang);
const status = document.getElementById("status")!;
const content = document.getElementById("content")!;

function say(text: string, kind: "done" | "error" = "done") {
  status.textContent = text;
  status.className = kind;
}

/** An element with its properties (textContent, type, …) and children. */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function translateChrome() {
  document.documentElement.lang = lang.toLowerCase();
  document.title = `${t("title")} · Smart`;
  document.getElementById("title")!.textContent = t("title");
  document.getElementById("skip")!.textContent = t("skip");
  document.getElementById("sign-in-button")!.textContent = t("signIn");
  document.getElementById("sign-out-button")!.textContent = t("signOut");
}

async function render(): Promise<void> {
  const { signIn, error } = await pageSignIn;
  const session = signIn?.status().session ?? null;
  const claims = session?.claims;
  (document.getElementById("sign-in-button") as HTMLButtonElement).hidden = !signIn || Boolean(session);
  (document.getElementById("sign-out-button") as HTMLButtonElement).hidden = !session;
  content.replaceChildren();
  if (!session || !claims?.sub) {
    translateChrome();
    content.append(element("p", { textContent: error ?? t("signInFirst") }));
    document.body.dataset.state = "ready";
    return;
  }
  if (claims.role !== "member") {
    translateChrome();
    content.append(element("p", { textContent: t("membersOnly") }));
    document.body.dataset.state = "ready";
    return;
  }
  const memberId = claims.sub;
  const preferred = await graphql<{ member: { preferredLanguage: string | null } | null }>(
    `
      query ($id: ID!) {
        member(id: $id) {
          preferredLanguage
        }
      }
    `,
    { id: memberId },
  );
  lang = pageLanguage(preferred.data?.member?.preferredLanguage, navigator.languages);
  t = textIn(lang);
  translateChrome();
  const answer = await graphql<PageData>(PAGE, { id: memberId, lang });
  if (!answer.data) {
    say(`${t("failed")} ${answer.errors.map((e) => e.message).join(" ")}`, "error");
    return;
  }
  const data = answer.data;
  document.getElementById("who")!.textContent = data.member?.displayName ?? memberId;
  content.append(voteSection(data), groupsSection(data, memberId));
  document.body.dataset.state = "ready";
}

function voteSection(data: PageData): HTMLElement {
  const section = element("section", {}, element("h2", { id: "vote-title", textContent: t("vote") }));
  section.setAttribute("aria-labelledby", "vote-title");
  const open = data.assemblies.filter((assembly) => assembly.voteStatus === "OPEN");
  if (!open.length) section.append(element("p", { textContent: t("noVote") }));
  const cast = new Set(data.member?.ballotsCast ?? []);
  for (const assembly of open) {
    const closes = assembly.voteClosesAt ? new Date(assembly.voteClosesAt).toLocaleString(lang.toLowerCase()) : "";
    section.append(
      element("h3", { textContent: assembly.title }),
      element("p", { textContent: `${t("closesAt")} ${closes}` }),
    );
    for (const resolution of assembly.resolutions)
      section.append(cast.has(resolution.id) ? votedNote(resolution.title) : ballotForm(resolution));
    if (assembly.prioritiesOnBallot.length)
      section.append(cast.has(assembly.id) ? votedNote(t("priorities")) : rankingForm(assembly));
  }
  return section;
}

const votedNote = (title: string) =>
  element("p", { className: "done" }, element("strong", { textContent: title }), ` — ${t("voted")}`);

function ballotForm(resolution: { id: string; title: string }): HTMLFormElement {
  const name = `choice-${resolution.id}`;
  const fieldset = element("fieldset", {}, element("legend", { textContent: resolution.title }));
  for (const choice of CHOICES)
    fieldset.append(
      element("label", {}, element("input", { type: "radio", name, value: choice, required: true }), t(choice)),
    );
  const form = element("form", {}, fieldset, element("button", { type: "submit", textContent: t("castBallot") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const choice = new FormData(form).get(name);
    void submit(
      form,
      `mutation($resolutionId: ID!, $choice: BallotChoice!) { castBallot(resolutionId: $resolutionId, choice: $choice) { receipt counted } }`,
      { resolutionId: resolution.id, choice },
      "castBallot",
    );
  });
  return form;
}

function rankingForm(assembly: Assembly): HTMLFormElement {
  const count = assembly.prioritiesOnBallot.length;
  const fieldset = element("fieldset", {}, element("legend", { textContent: t("priorities") }));
  assembly.prioritiesOnBallot.forEach((priority, index) => {
    const select = element("select", { name: priority.id, id: `rank-${priority.id}` });
    for (let rank = 1; rank <= count; rank++)
      select.append(
        element("option", { value: String(rank), textContent: String(rank), selected: rank === index + 1 }),
      );
    const label = element("label", { htmlFor: select.id }, priority.title);
    select.setAttribute("aria-label", `${t("rankOf")} ${priority.title}`);
    fieldset.append(element("div", {}, label, select));
  });
  const form = element("form", {}, fieldset, element("button", { type: "submit", textContent: t("castRanking") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const ranks = assembly.prioritiesOnBallot.map((priority) => ({
      id: priority.id,
      rank: Number(new FormData(form).get(priority.id)),
    }));
    if (new Set(ranks.map((r) => r.rank)).size !== count) return say(t("notPermutation"), "error");
    const ranking = ranks.sort((a, b) => a.rank - b.rank).map((r) => r.id);
    void submit(
      form,
      `mutation($assemblyId: ID!, $ranking: [ID!]!) { castPriorityRanking(assemblyId: $assemblyId, ranking: $ranking) { receipt counted } }`,
      { assemblyId: assembly.id, ranking },
      "castPriorityRanking",
    );
  });
  return form;
}

async function submit(form: HTMLFormElement, mutation: string, variables: Record<string, unknown>, field: string) {
  const button = form.querySelector("button")!;
  button.disabled = true;
  const answer = await graphql<Record<string, { receipt: string }>>(mutation, variables);
  const receipt = answer.data?.[field]?.receipt;
  if (!receipt) {
    button.disabled = false;
    return say(`${t("failed")} ${answer.errors.map((e) => e.message).join(" ")}`, "error");
  }
  await render();
  say(`${t("counted")} ${receipt}`);
  document.getElementById("main")!.focus();
}

function groupsSection(data: PageData, memberId: string): HTMLElement {
  const section = element("section", {}, element("h2", { id: "groups-title", textContent: t("groups") }));
  section.setAttribute("aria-labelledby", "groups-title");
  const cycle = data.sipCycles[0];
  if (!cycle) return section;
  const mine = new Set(data.sipParticipations.map((group) => group.id));
  section.append(element("p", { textContent: `${cycle.year}: ${cycle.theme}` }));
  const list = element("ul", { className: "groups" });
  for (const group of cycle.workingGroups) {
    const joined = mine.has(group.id);
    const label = `${group.topic} (${group.city.id})`;
    const button = element("button", {
      type: "button",
      className: joined ? "secondary" : "",
      textContent: joined ? t("leave") : t("join"),
    });
    button.setAttribute("aria-label", `${joined ? t("leave") : t("join")}: ${label}`);
    button.addEventListener("click", () => void toggleGroup(group.id, joined, label, memberId));
    list.append(
      element(
        "li",
        {},
        element("span", { textContent: `${label} · ${group.participantCount} ${t("participants")}` }),
        button,
      ),
    );
  }
  section.append(list);
  return section;
}

async function toggleGroup(workingGroupId: string, joined: boolean, label: string, _memberId: string) {
  const field = joined ? "leaveWorkingGroup" : "joinWorkingGroup";
  const answer = await graphql(`mutation($id: ID!) { ${field}(workingGroupId: $id) { id } }`, { id: workingGroupId });
  if (answer.errors.length) return say(`${t("failed")} ${answer.errors.map((e) => e.message).join(" ")}`, "error");
  await render();
  say(joined ? `${t("left")} ${label}` : `${t("joined")} ${label}`);
}

document.getElementById("sign-in-button")!.addEventListener("click", (event) => {
  const button = event.currentTarget as HTMLButtonElement;
  button.disabled = true;
  void pageSignIn
    .then(({ signIn }) => signIn!.authorizationUrl())
    .then((url) => window.location.assign(url))
    .catch((error: unknown) => {
      button.disabled = false;
      say(error instanceof Error ? error.message : String(error), "error");
    });
});
document.getElementById("sign-out-button")!.addEventListener("click", () => {
  void pageSignIn.then(({ signIn }) => {
    signIn?.signOut();
    void render();
  });
});

void render();
