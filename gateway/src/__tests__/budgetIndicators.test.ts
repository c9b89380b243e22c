import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { errorSummary, startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

// Different sizes per unit, so that a figure taken from the wrong unit shows.
const members = testMembers((unit) => 4 + FOUNDING_UNITS.indexOf(unit));

const DAY_MS = 86_400_000;
const brusselsToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(new Date());
const daysBefore = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

const README_QUERY = `{ assemblies { heldOn budgetPriorities { title(lang: FR) indicators { key label value } } } }`;
const PRIORITIES = `query ($lang: Language) {
  assembly(id: "EU:ga-2023") {
    budgetPriorities { rank area title(lang: $lang) language(lang: $lang) indicators { key label(lang: $lang) value unit asOf } }
  }
}`;

interface Indicator {
  key: string;
  label: string;
  value: number | null;
  unit: string | null;
  asOf: string;
}
interface Priority {
  rank: number;
  area: string;
  title: string;
  language: string;
  indicators: Indicator[];
}

describe("gateway > budget priorities with live indicators (nine real units and the central office)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;
  let unitCalls: string[] = [];

  const priorities = async (variables: { lang?: string } = {}, headers?: Record<string, string>) => {
    const reply: GraphqlReply<{ assembly: { budgetPriorities: Priority[] } }> = await gateway.query(
      PRIORITIES,
      variables,
      headers,
    );
    return reply;
  };
  const figuresOf = (list: Priority[]) =>
    Object.fromEntries(list.flatMap((p) => p.indicators.map((i) => [i.key, i.value])));

  /** The same figures, by SQL straight to each unit's database and the central office's. */
  async function directFigures(reachable: readonly FoundingUnit[] = FOUNDING_UNITS): Promise<Record<string, number>> {
    const figures: Record<string, number> = {};
    let active = 0;
    let countries = 0;
    let cities = 0;
    let open = 0;
    let partner = 0;
    let abroad = 0;
    let offered = 0;
    let booked = 0;
    // The last twelve months, counted here from the rows themselves: each open workspace's capacity each day since it opened.
    const to = brusselsToday();
    const from = daysBefore(to, 364);
    for (const unit of reachable) {
      const [row] = await units.dataSources[unit].query(`SELECT
        (SELECT count(*) FROM member WHERE status = 'ACTIVE')::int AS active,
        (SELECT count(*) FROM member WHERE status = 'ACTIVE' AND cardinality(active_in) > 0)::int AS abroad,
        (SELECT count(*) FROM city)::int AS cities,
        (SELECT count(*) FROM workspace WHERE status = 'OPEN')::int AS open,
        (SELECT count(*) FROM workspace WHERE status = 'OPEN' AND operator = 'PARTNER')::int AS partner`);
      figures[`members.active.${unit}`] = row.active;
      active += row.active;
      countries += row.active > 0 ? 1 : 0;
      cities += row.cities;
      open += row.open;
      partner += row.partner;
      abroad += row.abroad;
      const workspaces: { capacity: number; opened_on: string | null; status: string }[] = await units.dataSources[
        unit
      ].query(`SELECT capacity, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, status FROM workspace`);
      for (const w of workspaces.filter((w) => w.status === "OPEN")) {
        const first = w.opened_on && w.opened_on > from ? w.opened_on : from;
        offered += w.capacity * Math.max(0, (Date.parse(to) - Date.parse(first)) / DAY_MS + 1);
      }
      const [bookings] = await units.dataSources[unit].query(
        `SELECT count(*)::int AS n FROM booking WHERE status = 'CONFIRMED' AND day BETWEEN $1 AND $2`,
        [from, to],
      );
      booked += bookings.n;
    }
    Object.assign(figures, {
      "members.active": active,
      "countries.active": countries,
      "cities.active": cities,
      "workspaces.open": open,
      "workspaces.partner": partner,
      "members.activeAbroad": abroad,
    });
    Object.assign(figures, {
      "seatDays.offered": offered,
      "seatDays.booked": booked,
      "workspaces.occupancy": Math.round((1000 * booked) / offered) / 10,
    });
    const [sip] = await central.dataSource.query(`SELECT
      (SELECT count(DISTINCT member_id) FROM working_group_participant)::int AS participants,
      (SELECT min(year) FROM sip_cycle)::int AS since,
      (SELECT count(*) FROM sip_cycle)::int AS cycles,
      (SELECT count(DISTINCT city_id) FROM working_group)::int AS cities,
      (SELECT count(*) FROM recommendation WHERE status = 'DONE')::int AS done,
      (SELECT count(*) FROM recommendation WHERE status IN ('PROPOSED', 'IN_PROGRESS', 'NOT_DONE', 'POSTPONED'))::int AS open`);
    // The current cycle: the open one, else the latest; its members per unit, each once.
    const current: { unit: FoundingUnit; n: number }[] = await central.dataSource.query(`
      SELECT split_part(p.member_id, ':', 1) AS unit, count(DISTINCT p.member_id)::int AS n
        FROM working_group_participant p JOIN working_group g ON g.id = p.working_group_id
       WHERE g.cycle_id = (SELECT id FROM sip_cycle ORDER BY status = 'OPEN' DESC, year DESC LIMIT 1)
       GROUP BY 1`);
    for (const unit of FOUNDING_UNITS)
      figures[`sip.current.participants.${unit}`] = current.find((row) => row.unit === unit)?.n ?? 0;
    figures["sip.current.participants"] = current.reduce((total, row) => total + row.n, 0);
    Object.assign(figures, {
      "sip.participants": sip.participants,
      "sip.since": sip.since,
      "sip.cycles": sip.cycles,
      "sip.cities": sip.cities,
      "sip.recommendations.done": sip.done,
      "sip.recommendations.open": sip.open,
    });
    // The general assembly's last online vote: voters per unit, the most ballots its members cast on one resolution.
    const [last] = await central.dataSource.query(
      `SELECT id FROM assembly WHERE vote_status IN ('OPEN', 'CLOSED') ORDER BY held_on DESC, id LIMIT 1`,
    );
    const voters: { unit: FoundingUnit; n: number }[] = await central.dataSource.query(
      `SELECT unit, max(n)::int AS n FROM (SELECT b.unit, count(*) AS n FROM ballot b JOIN resolution r ON r.id = b.subject_id WHERE r.assembly_id = $1 GROUP BY b.unit, r.id) x GROUP BY unit`,
      [last.id],
    );
    for (const unit of FOUNDING_UNITS) figures[`vote.turnout.${unit}`] = voters.find((v) => v.unit === unit)?.n ?? 0;
    figures["vote.turnout"] = voters.reduce((total, v) => total + v.n, 0);
    return figures;
  }

  before(async () => {
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    // Make the units differ: members who left, a closed workspace, partner-run ones, a third city.
    await units.dataSources.BE.query(`UPDATE member SET status = 'LEFT' WHERE id IN ('BE:m1', 'BE:m3')`);
    await units.dataSources.FR.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = 'FR:m2'`);
    await units.dataSources.NL.query(
      `UPDATE workspace SET operator = 'PARTNER', partner_name = 'Broedplaats' WHERE id = 'NL:w1'`,
    );
    await units.dataSources.IT.query(`UPDATE workspace SET status = 'CLOSED' WHERE id = 'IT:w1'`);
    // Members working across borders, one of whom has left (not counted).
    await units.dataSources.FR.query(`UPDATE member SET active_in = '{BE,ES}' WHERE id IN ('FR:m1', 'FR:m2', 'FR:m3')`);
    await units.dataSources.AT.query(`UPDATE member SET active_in = '{DE}' WHERE id = 'AT:m1'`);
    // Desks booked in the last twelve months (one since cancelled), and one booked before them.
    const today = brusselsToday();
    const book = (unit: FoundingUnit, id: string, member: string, day: string) =>
      units.dataSources[unit].query(
        `INSERT INTO booking (id, workspace_id, member_id, day, idempotency_key) VALUES ($1, $2, $3, $4, $1)`,
        [id, `${unit}:w1`, member, day],
      );
    await book("BE", "BE:b1", "BE:m2", daysBefore(today, 10));
    await book("BE", "BE:b2", "FR:m1", daysBefore(today, 10));
    await book("BE", "BE:b3", "BE:m2", daysBefore(today, 100));
    await book("SE", "SE:b1", "SE:m1", daysBefore(today, 200));
    await book("SE", "SE:b2", "SE:m2", daysBefore(today, 200));
    await units.dataSources.SE.query(
      `UPDATE booking SET status = 'CANCELLED', cancelled_at = now() WHERE id = 'SE:b2'`,
    );
    await book("FR", "FR:b1", "FR:m1", daysBefore(today, 400));
    await units.dataSources.ES.query(
      `INSERT INTO city (id, name, name_key) VALUES ('ES:third', 'ES Third', 'es third')`,
    );
    // An online vote under way (as central counts it): BE's members cast 2 ballots on one resolution and 1 on the other, FR's 1.
    await central.dataSource.query(
      `INSERT INTO assembly (id, held_on, city_id, title, vote_status, vote_closes_at) VALUES ('EU:ga-online', '2021-06-12', 'BE:liege', 'Online', 'OPEN', now() + interval '1 hour')`,
    );
    await central.dataSource.query(
      `INSERT INTO resolution (id, assembly_id, position, title, votes_for, votes_against, abstentions, adopted) VALUES ('EU:ga-online-r1', 'EU:ga-online', 1, 'One', 0, 0, 0, false), ('EU:ga-online-r2', 'EU:ga-online', 2, 'Two', 0, 0, 0, false)`,
    );
    await central.dataSource.query(
      `INSERT INTO ballot (token, subject_id, unit) VALUES (gen_random_uuid(), 'EU:ga-online-r1', 'BE'), (gen_random_uuid(), 'EU:ga-online-r1', 'BE'), (gen_random_uuid(), 'EU:ga-online-r1', 'FR'), (gen_random_uuid(), 'EU:ga-online-r2', 'BE')`,
    );
    // A generous deadline: the first requests of cold units on a busy machine are slow, and a late unit would null its figures.
    gateway = await startGateway(units.urls, {
      centralUrl: central.url,
      deadlineMs: 10_000,
      willSendUnitRequest: ({ unit, fetch }) => void unitCalls.push(`${unit} ${fetch.request.operationName}`),
    });
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });

  it("answers docs/demo-data.md's query: the seed's four priorities, in French, with live numbers, in one request", async () => {
    const reply = await gateway.query(README_QUERY);
    expect(reply.body.errors, JSON.stringify(reply.body.errors?.slice(0, 2))).to.equal(undefined);
    const assemblies = reply.body.data.assemblies as {
      heldOn: string;
      budgetPriorities: { title: string; indicators: Indicator[] }[];
    }[];
    expect(assemblies.map((a) => [a.heldOn, a.budgetPriorities.length])).to.deep.equal([
      ["2024-06-15", 0],
      ["2023-06-10", 4],
      ["2022-06-11", 0],
      ["2021-06-12", 0],
    ]);
    const [tools, life, international, workspaces] = assemblies[1]!.budgetPriorities;
    expect(tools!.title).to.equal("Améliorer les outils et services mutualisés existants");
    expect(life!.title).to.equal("Renforcer l’animation et le développement de la vie coopérative et participative");
    expect(international!.title).to.equal("Favoriser notre développement international");
    expect(workspaces!.title).to.match(/^Poursuivre et intensifier l’offre d’espaces de travail partagés/);
    expect(tools!.indicators[0]).to.deep.include({ key: "members.active", label: "Active members served, all units" });
  });

  it("gives the seed's four priorities in Dutch, ranked", async () => {
    const reply = await priorities({ lang: "NL" });
    const list = reply.body.data!.assembly.budgetPriorities;
    expect(list.map((p) => [p.rank, p.area, p.language])).to.deep.equal([
      [1, "SHARED_TOOLS_AND_SERVICES", "NL"],
      [2, "COOPERATIVE_LIFE", "NL"],
      [3, "INTERNATIONAL_DEVELOPMENT", "NL"],
      [4, "SHARED_WORKSPACES", "NL"],
    ]);
    expect(list[0]!.title).to.equal("De bestaande gemeenschappelijke tools en diensten verbeteren");
    expect(list[1]!.indicators.find((i) => i.key === "sip.participants")!.label).to.equal(
      "Unieke deelnemers aan Smart In Progress sinds de eerste cyclus",
    );
  });

  it("computes each indicator as the units and the central office count it themselves, calling each unit once", async () => {
    unitCalls = [];
    const reply = await priorities();
    expect(unitCalls.sort()).to.deep.equal(FOUNDING_UNITS.map((unit) => `${unit} BudgetIndicators`));
    expect(reply.body.errors, JSON.stringify(errorSummary(reply))).to.equal(undefined);
    const list = reply.body.data!.assembly.budgetPriorities;
    expect(figuresOf(list)).to.deep.equal(await directFigures());
    // The fixture's own figures, so that the comparison above compares something.
    expect(figuresOf(list)["members.active.BE"]).to.equal(members.BE.length - 2);
    expect(figuresOf(list)["cities.active"]).to.equal(19);
    expect(figuresOf(list)["workspaces.partner"]).to.equal(1);
    expect(figuresOf(list)["members.activeAbroad"]).to.equal(3);
    // Eight open workspaces of 10 desks (IT's is closed), 365 days; four desks booked.
    expect(figuresOf(list)["seatDays.offered"]).to.equal(8 * 10 * 365);
    expect(figuresOf(list)["seatDays.booked"]).to.equal(4);
    expect(figuresOf(list)["sip.participants"]).to.be.greaterThan(4000);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(new Date());
    for (const indicator of list.flatMap((p) => p.indicators)) expect(indicator.asOf).to.equal(today);
    expect(list[3]!.indicators.map((i) => [i.key, i.unit])).to.deep.include(["workspaces.open", "workspaces"]);
  });

  it("follows a change in a unit at the next request: live, not cached", async () => {
    await units.dataSources.SE.query(`UPDATE member SET status = 'LEFT' WHERE id = 'SE:m1'`);
    try {
      const list = (await priorities()).body.data!.assembly.budgetPriorities;
      expect(figuresOf(list)["members.active.SE"]).to.equal(members.SE.length - 1);
      expect(figuresOf(list)).to.deep.equal(await directFigures());
    } finally {
      await units.dataSources.SE.query(`UPDATE member SET status = 'ACTIVE' WHERE id = 'SE:m1'`);
    }
  });

  it("falls back to English for a language without a translation, and says so", async () => {
    const hungarian = (await priorities({ lang: "HU" })).body.data!.assembly.budgetPriorities;
    const english = (await priorities({ lang: "EN" })).body.data!.assembly.budgetPriorities;
    expect(hungarian.map((p) => p.language)).to.deep.equal(["EN", "EN", "EN", "EN"]);
    expect(hungarian.map((p) => p.title)).to.deep.equal(english.map((p) => p.title));
    expect(hungarian[0]!.indicators.map((i) => i.label)).to.deep.equal(english[0]!.indicators.map((i) => i.label));
    const labels = await gateway.query(
      `{ assembly(id: "EU:ga-2023") { budgetPriorities { indicators { sv: language(lang: SV) de: language(lang: DE) } } } }`,
    );
    expect(labels.body.data.assembly.budgetPriorities[0].indicators[0]).to.deep.equal({ sv: "EN", de: "DE" });
  });

  it("calls no unit for indicators asked for without their value", async () => {
    unitCalls = [];
    const reply = await gateway.query(
      `{ assemblies { budgetPriorities { indicators { key label(lang: NL) unit asOf } } } }`,
    );
    expect(reply.body.errors).to.equal(undefined);
    expect(reply.body.data.assemblies[1].budgetPriorities[0].indicators[0]).to.deep.include({
      key: "members.active",
      label: "Actieve vennoten bediend, alle eenheden",
    });
    expect(unitCalls).to.deep.equal([]);
  });

  it("reads Accept-Language: fr as the default language of every text, central and in-gateway alike", async () => {
    const reply = await gateway.query(
      `{ assembly(id: "EU:ga-2023") { budgetPriorities { title language indicators { key label } } } country(code: BE) { name } }`,
      {},
      { "accept-language": "fr-BE,fr;q=0.9,nl;q=0.5" },
    );
    expect(reply.body.errors).to.equal(undefined);
    const list = reply.body.data.assembly.budgetPriorities;
    expect(list[0].title).to.equal("Améliorer les outils et services mutualisés existants");
    expect(list.map((p: { language: string }) => p.language)).to.deep.equal(["FR", "FR", "FR", "FR"]);
    expect(list[0].indicators.find((i: Indicator) => i.key === "members.active.BE").label).to.equal(
      "Membres actifs servis : Belgique",
    );
    expect(reply.body.data.country.name).to.equal("Belgique");
    // `lang` still wins over the header.
    const german = await gateway.query(`{ country(code: BE) { name(lang: DE) } }`, {}, { "accept-language": "fr" });
    expect(german.body.data.country.name).to.equal("Belgien");
  });

  it("makes an unavailable unit's indicators null, with SHARD_UNAVAILABLE naming it, never a wrong total", async () => {
    await units.stop("DE");
    const reply = await priorities();
    const list = reply.body.data!.assembly.budgetPriorities;
    const figures = figuresOf(list);
    const expected = await directFigures(FOUNDING_UNITS.filter((unit) => unit !== "DE"));
    const lackingDE = [
      "members.active.DE",
      "members.active",
      "countries.active",
      "cities.active",
      "members.activeAbroad",
      "workspaces.open",
      "workspaces.partner",
    ];
    for (const key of [...lackingDE, "seatDays.offered", "seatDays.booked", "workspaces.occupancy"]) {
      expect(figures[key], key).to.equal(null);
    }
    for (const unit of FOUNDING_UNITS.filter((code) => code !== "DE"))
      expect(figures[`members.active.${unit}`]).to.equal(expected[`members.active.${unit}`]);
    expect(figures["sip.participants"]).to.equal(expected["sip.participants"]);

    const errors = reply.body.errors ?? [];
    expect(errors.length).to.be.greaterThan(0);
    for (const error of errors) {
      expect(error.extensions).to.deep.include({ code: "SHARD_UNAVAILABLE", unit: "DE" });
      expect(error.path?.at(-1)).to.equal("value");
    }
    const nullPaths = list.flatMap((p, i) =>
      p.indicators.flatMap((indicator, j) =>
        indicator.value === null ? [JSON.stringify(["assembly", "budgetPriorities", i, "indicators", j, "value"])] : [],
      ),
    );
    expect(new Set(errors.map((error) => JSON.stringify(error.path)))).to.deep.equal(new Set(nullPaths));
  });
});
