import { expect } from "chai";
import type { DataSource } from "typeorm";
import { FOUNDING_UNITS, foldForSort, memberNameKey } from "@smart/platform";
import { createTestDatabase, sharedTestPostgres } from "@smart/devdb";
import { createDataSource } from "../../data-source.js";
import { seedUnit } from "../seedUnit.js";
import { slugify } from "../cities.js";
import { DEMO_BOOKING_DAYS } from "../bookings.js";
import { addDays, unitToday } from "../../bookings/calendar.js";

interface SeededDatabase {
  dataSource: DataSource;
  drop(): Promise<void>;
}

async function migratedDatabase(label: string): Promise<SeededDatabase> {
  const database = await createTestDatabase(await sharedTestPostgres(), label);
  const dataSource = createDataSource({ url: database.url, poolSize: 3 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    async drop() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** Every row of the unit's tables, in a stable order, as Postgres renders them. */
async function dump(dataSource: DataSource) {
  const all = (table: string) => dataSource.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY id`);
  return {
    cities: await all("city"),
    workspaces: await all("workspace"),
    members: await all("member"),
    bookings: await all("booking"),
  };
}

describe("national > seed > seedUnit", () => {
  const MEMBERS = 500;
  let first: SeededDatabase;
  let second: SeededDatabase;
  const progress: [number, number][] = [];

  before(async () => {
    [first, second] = await Promise.all([migratedDatabase("seed_a"), migratedDatabase("seed_b")]);
    const results = await Promise.all([
      seedUnit({
        dataSource: first.dataSource,
        unit: "BE",
        membersPerUnit: MEMBERS,
        onProgress: (done, total) => progress.push([done, total]),
      }),
      seedUnit({ dataSource: second.dataSource, unit: "BE", membersPerUnit: MEMBERS }),
    ]);
    expect(results.map((r) => r.seeded)).to.deep.equal([true, true]);
  });

  after(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it("gives identical rows on two fresh databases", async () => {
    const [a, b] = await Promise.all([dump(first.dataSource), dump(second.dataSource)]);
    expect(a.members).to.have.length(MEMBERS);
    expect(a).to.deep.equal(b);
  });

  it("does nothing the second time", async () => {
    const before = await dump(first.dataSource);
    const result = await seedUnit({ dataSource: first.dataSource, unit: "BE", membersPerUnit: 50 });
    expect(result.seeded).to.equal(false);
    expect(await dump(first.dataSource)).to.deep.equal(before);
  });

  it("reports progress up to the total", () => {
    expect(progress[0]).to.deep.equal([0, MEMBERS]);
    expect(progress.at(-1)).to.deep.equal([MEMBERS, MEMBERS]);
  });

  it("uses the unit's cities with slug IDs and folded name keys", async () => {
    const cities = await first.dataSource.query(`SELECT id, name, name_key FROM city ORDER BY id`);
    expect(cities.map((c: { id: string }) => c.id)).to.include.members([
      "BE:brussels",
      "BE:louvain-la-neuve",
      "BE:liege",
      "BE:ghent",
    ]);
    expect(cities).to.have.length(10);
    for (const city of cities) expect(city.name_key).to.equal(foldForSort(city.name));
    expect(slugify("Málaga")).to.equal("malaga");
  });

  it("has LaVallée and Brussels Art Factory as partner workspaces", async () => {
    const workspaces = await first.dataSource.query(
      `SELECT id, name, name_key, city_id, operator, partner_name, capacity, rooms, status FROM workspace ORDER BY id`,
    );
    const byName = Object.fromEntries(workspaces.map((w: { name: string }) => [w.name, w]));
    expect(byName["LaVallée"]).to.include({
      id: "BE:w1",
      city_id: "BE:brussels",
      operator: "PARTNER",
      partner_name: "LaVallée",
      capacity: 180,
      rooms: 5,
      name_key: "lavallee",
    });
    expect(byName["Brussels Art Factory"]).to.include({
      operator: "PARTNER",
      partner_name: "Brussels Art Factory",
      capacity: 50,
    });
    expect(workspaces.map((w: { id: string }) => w.id)).to.satisfy((ids: string[]) =>
      ids.every((id) => /^BE:w\d+$/.test(id)),
    );
  });

  it("issues prefixed member IDs from 1 and continues the sequences after them", async () => {
    const [{ min, max, bad }] = await first.dataSource.query(
      `SELECT min(substring(id from 5)::int) AS min, max(substring(id from 5)::int) AS max,
              count(*) FILTER (WHERE id !~ '^BE:m[0-9]+$')::int AS bad FROM member`,
    );
    expect({ min, max, bad }).to.deep.equal({ min: 1, max: MEMBERS, bad: 0 });
    const [{ next }] = await first.dataSource.query(`SELECT nextval('member_number_seq')::int AS next`);
    expect(next).to.equal(MEMBERS + 1);
    const [{ next: nextWorkspace, count }] = await first.dataSource.query(
      `SELECT nextval('workspace_number_seq')::int AS next, (SELECT count(*)::int FROM workspace) AS count`,
    );
    expect(nextWorkspace).to.equal(count + 1);
  });

  it("stores the sort and search keys the API orders and filters by", async () => {
    const members = await first.dataSource.query(`SELECT first_name, last_name, name_key, search_name FROM member`);
    for (const m of members) {
      expect(m.name_key).to.equal(memberNameKey(m.last_name, m.first_name));
      expect(m.search_name).to.equal(foldForSort(`${m.first_name} ${m.last_name}`));
    }
    const accented = members.filter((m: { first_name: string; last_name: string }) =>
      /[^\u0020-\u007e]/.test(m.first_name + m.last_name),
    );
    expect(accented.length).to.be.greaterThan(MEMBERS / 10);
  });

  it("looks like a cooperative: mostly active A members with few shares, some working abroad", async () => {
    const [stats] = await first.dataSource.query(`
      SELECT count(*) FILTER (WHERE category = 'A')::int AS a,
             count(*) FILTER (WHERE status = 'ACTIVE')::int AS active,
             count(*) FILTER (WHERE cardinality(active_in) > 0)::int AS abroad,
             count(*) FILTER (WHERE 'BE' = ANY (active_in))::int AS abroad_at_home,
             min(shares)::int AS min_shares, max(shares)::int AS max_shares,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY shares)::int AS median_shares,
             min(joined_on)::text AS first_join, max(joined_on)::text AS last_join,
             count(DISTINCT lower(email))::int AS emails, count(DISTINCT city_id)::int AS cities
      FROM member`);
    expect(stats.a).to.be.within(MEMBERS * 0.8, MEMBERS * 0.97);
    expect(stats.active).to.be.within(MEMBERS * 0.8, MEMBERS * 0.97);
    expect(stats.abroad).to.be.within(MEMBERS * 0.08, MEMBERS * 0.22);
    expect(stats.abroad_at_home).to.equal(0);
    expect(stats.min_shares).to.equal(1);
    expect(stats.max_shares).to.be.at.most(20);
    expect(stats.median_shares).to.be.at.most(4);
    expect(stats.first_join >= "2015-01-01" && stats.last_join <= "2026-12-31").to.equal(true);
    expect(stats.emails).to.equal(MEMBERS);
    expect(stats.cities).to.equal(10);
  });

  it("seeds every unit, and only once when two seeders race", async () => {
    const database = await migratedDatabase("seed_race");
    try {
      const results = await Promise.all([
        seedUnit({ dataSource: database.dataSource, unit: "ES", membersPerUnit: 100 }),
        seedUnit({ dataSource: database.dataSource, unit: "ES", membersPerUnit: 100 }),
      ]);
      expect(results.map((r) => r.seeded).sort()).to.deep.equal([false, true]);
      const [{ members, prefixed }] = await database.dataSource.query(
        `SELECT count(*)::int AS members, count(*) FILTER (WHERE id LIKE 'ES:%' AND city_id LIKE 'ES:%')::int AS prefixed FROM member`,
      );
      expect({ members, prefixed }).to.deep.equal({ members: 100, prefixed: 100 });
      const cities = await database.dataSource.query(`SELECT id FROM city ORDER BY id`);
      expect(cities.map((c: { id: string }) => c.id)).to.deep.equal([
        "ES:barcelona",
        "ES:madrid",
        "ES:malaga",
        "ES:seville",
      ]);
    } finally {
      await database.drop();
    }
  });

  it("seeds Portugal's members in its cities and booking any unit's workspaces, and a unit it has no cities for only empty", async () => {
    const portugal = await migratedDatabase("seed_pt");
    const luxembourg = await migratedDatabase("seed_lu");
    try {
      const seeded = await seedUnit({ dataSource: portugal.dataSource, unit: "PT", membersPerUnit: 60 });
      expect(seeded).to.deep.include({ seeded: true, cities: 3, members: 60 });
      const [{ members, bookings }] = await portugal.dataSource.query(
        `SELECT (SELECT count(*)::int FROM member WHERE id LIKE 'PT:%' AND city_id LIKE 'PT:%') AS members,
                (SELECT count(*)::int FROM booking WHERE member_id LIKE 'PT:%') AS bookings`,
      );
      expect(members).to.equal(60);
      expect(bookings).to.be.greaterThan(0);

      let error: Error | undefined;
      await seedUnit({ dataSource: luxembourg.dataSource, unit: "LU", membersPerUnit: 5 }).catch(
        (e: Error) => (error = e),
      );
      expect(error?.message).to.equal(
        "The demo data has no cities for LU (services/national/src/seed/cities.ts), so no members: seed it with 0 members per unit",
      );
      const empty = await seedUnit({ dataSource: luxembourg.dataSource, unit: "LU", membersPerUnit: 0 });
      expect(empty).to.deep.include({ seeded: true, cities: 0, members: 0 });
    } finally {
      await Promise.all([portugal.drop(), luxembourg.drop()]);
    }
  });

  it("has cities for every unit, workspaces in the unit's cities, and a closed one somewhere", async () => {
    const { UNIT_WORKSPACES, UNIT_CITIES } = await import("../index.js");
    for (const code of [...FOUNDING_UNITS, "PT"]) {
      expect(UNIT_CITIES[code]!.length, code).to.be.greaterThan(0);
      expect(UNIT_WORKSPACES[code]!.length, code).to.be.within(0, 3);
      for (const w of UNIT_WORKSPACES[code]!) expect(UNIT_CITIES[code], `${code} ${w.name}`).to.include(w.city);
    }
    expect(
      Object.values(UNIT_WORKSPACES)
        .flat()
        .some((w) => w.status === "CLOSED"),
    ).to.equal(true);
  });

  it("books desks in the open workspaces around today, within capacity, weekdays fuller than weekends", async () => {
    const today = unitToday("BE");
    const [stats] = await first.dataSource.query(
      `SELECT count(*)::int AS bookings, min(day)::text AS first, max(day)::text AS last,
              count(*) FILTER (WHERE w.status <> 'OPEN' OR b.day < w.opened_on)::int AS misplaced,
              count(*) FILTER (WHERE split_part(b.member_id, ':', 1) <> 'BE' OR substring(b.member_id FROM 5)::int > $1)::int AS strangers,
              count(*) FILTER (WHERE extract(isodow FROM day) < 6)::float / 5 / greatest(1, count(*) FILTER (WHERE extract(isodow FROM day) >= 6)::float / 2) AS weekday_ratio
         FROM booking b JOIN workspace w ON w.id = b.workspace_id`,
      [MEMBERS],
    );
    expect(stats.bookings).to.be.greaterThan(1000);
    expect([stats.first, stats.last]).to.deep.equal([
      addDays(today, -DEMO_BOOKING_DAYS.past),
      addDays(today, DEMO_BOOKING_DAYS.ahead),
    ]);
    expect(stats.misplaced + stats.strangers).to.equal(0);
    expect(stats.weekday_ratio).to.be.greaterThan(3);
    // The trigger counted every one: counters equal the confirmed rows, never over capacity.
    const [counters] = await first.dataSource.query(
      `SELECT sum(booked)::int AS booked, count(*) FILTER (WHERE booked > capacity)::int AS over FROM workspace_day`,
    );
    expect(counters).to.deep.equal({ booked: stats.bookings, over: 0 });
  });

  it("is true to the general assembly's budget priorities: almost 40 cities in 9 countries, about ten shared workspaces, partners named", async () => {
    const { UNIT_WORKSPACES, UNIT_CITIES } = await import("../index.js");
    const cities = FOUNDING_UNITS.flatMap((code) => UNIT_CITIES[code]!.map((name) => `${code}:${name}`));
    expect(new Set(cities).size).to.be.within(36, 39);
    expect(FOUNDING_UNITS.filter((code) => UNIT_CITIES[code]!.length > 0)).to.have.length(9);
    const open = FOUNDING_UNITS.flatMap((code) => UNIT_WORKSPACES[code]!).filter((w) => w.status === "OPEN");
    expect(open.length).to.be.within(9, 11);
    const partnered = open.filter((w) => w.operator === "PARTNER");
    expect(partnered.length).to.be.within(2, open.length - 1);
    for (const w of FOUNDING_UNITS.flatMap((code) => UNIT_WORKSPACES[code]!))
      expect(w.partnerName !== undefined, w.name).to.equal(w.operator === "PARTNER");
  });

  it("gives Belgian members the language of their city, other units' their unit's, a few English", async () => {
    const rows: { city_id: string; preferred_language: string; n: number }[] = await first.dataSource.query(
      `SELECT city_id, preferred_language, count(*)::int AS n FROM member GROUP BY 1, 2`,
    );
    const count = (city: string | null, language: string) =>
      rows
        .filter((r) => (city === null || r.city_id === city) && r.preferred_language === language)
        .reduce((sum, r) => sum + r.n, 0);
    expect(rows.every((r) => ["FR", "NL", "DE", "EN"].includes(r.preferred_language))).to.equal(true);
    expect(count("BE:ghent", "FR")).to.equal(0);
    expect(count("BE:eupen", "NL")).to.equal(0);
    expect(count("BE:brussels", "FR")).to.be.greaterThan(count("BE:brussels", "NL"));
    expect(count("BE:brussels", "NL")).to.be.greaterThan(0);
    expect(count(null, "EN")).to.be.within(MEMBERS * 0.01, MEMBERS * 0.1);
  });

  it("writes nothing when the COPY fails, and gives its connection back to the pool each time", async () => {
    const broken = await migratedDatabase("seed_broken");
    try {
      // Every demo member breaks this rule: the COPY fails part-way, after the cities and workspaces went in.
      await broken.dataSource.query(`ALTER TABLE member ADD CONSTRAINT no_members_here CHECK (shares < 0)`);
      // More attempts than the pool holds (3): a connection kept by a failed seed would leave the last ones waiting forever.
      for (let attempt = 0; attempt < 5; attempt++) {
        const failed = await seedUnit({ dataSource: broken.dataSource, unit: "FR", membersPerUnit: 5000 }).then(
          () => null,
          (error: Error) => error,
        );
        expect(failed?.message).to.match(/no_members_here/);
      }
      expect(await dump(broken.dataSource)).to.deep.equal({ cities: [], workspaces: [], members: [], bookings: [] });
    } finally {
      await broken.drop();
    }
  });
});
