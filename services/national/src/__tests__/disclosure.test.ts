import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import type { Viewer } from "@smart/platform";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";
import { memberNameColumns } from "../entity/index.js";

type Caller = Exclude<Viewer, { role: "anonymous" }> | undefined;

/** Every kind of caller a unit answers: anonymous, a member of the unit, staff of another unit, the unit's staff, the central office. */
const CALLERS: Record<string, Caller> = {
  anonymous: undefined,
  "a BE member": { role: "member", unit: "BE", sub: "BE:m1" },
  "FR staff": { role: "unit_staff", unit: "FR" },
  "BE staff": { role: "unit_staff", unit: "BE" },
  "the central office": { role: "central_office" },
};
const EVERYONE_ELSE = ["anonymous", "a BE member", "FR staff"] as const;
const READERS = ["BE staff", "the central office"] as const;

/**
 * The aggregate disclosure rule (members/disclosure.ts), enforced at the unit, as a
 * table of the attacks × callers: each attack either answers what the
 * central office and the unit's staff may know anyway, or is refused (FORBIDDEN) or
 * suppressed (COUNT_SUPPRESSED) for everyone else. Before: every one answered.
 */
describe("national > aggregate disclosure control: the issue's attacks, per caller kind", () => {
  let unit: RunningUnit;

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "BE");
    await insertFixture(unit.dataSource, "BE", 40);
    // One person of that name, in BE:harbour.
    const name = memberNameColumns("Lotte", "Benali");
    await unit.dataSource.query(
      `UPDATE member SET first_name = $1, last_name = $2, name_key = $3, search_name = $4 WHERE id = 'BE:m7'`,
      [name.firstName, name.lastName, name.nameKey, name.searchName],
    );
    // Two members of BE:capital active abroad (a count of 2), one of them suspended.
    await unit.dataSource.query(`UPDATE member SET active_in = ARRAY['FR'] WHERE id IN ('BE:m2', 'BE:m4')`);
    // A small city: three members.
    await unit.dataSource.query(`INSERT INTO city (id, name, name_key) VALUES ('BE:village', 'Village', 'village')`);
    await unit.dataSource.query(`UPDATE member SET city_id = 'BE:village' WHERE id IN ('BE:m11', 'BE:m13', 'BE:m15')`);
  });
  after(() => unit?.stop());

  /** What a caller gets: the value at `pick`, or the error codes. */
  const answer = async (query: string, caller: Caller, pick: (data: any) => unknown): Promise<unknown> => {
    const { body } = await unit.query(query, {}, caller);
    if (body.errors?.length) return [...new Set(body.errors.map((e) => e.extensions?.code))].join(",");
    return pick(body.data);
  };

  const cases: {
    attack: string;
    query: () => string;
    pick: (data: any) => unknown;
    readers: unknown;
    others: unknown;
  }[] = [
    {
      attack: "a name and a city tell whether someone is a member (memberCount with nameContains)",
      query: () => `{ memberCount(filter: { nameContains: "lotte benali", cityId: "BE:harbour" }) }`,
      pick: (data) => data.memberCount,
      readers: 1,
      others: "FORBIDDEN",
    },
    {
      attack: "differencing, step 1: a name fragment's statuses in a city (memberStats by STATUS with nameContains)",
      query: () =>
        `{ memberStats(filter: { cityId: "BE:capital", nameContains: "a" }, groupBy: [STATUS]) { status count } }`,
      pick: (data) => data.memberStats.reduce((sum: number, g: { count: number }) => sum + g.count, 0) > 0,
      readers: true,
      others: "FORBIDDEN",
    },
    {
      attack: "differencing, step 2: the same with activeAbroad: false (one member fewer, and their status)",
      query: () =>
        `{ memberStats(filter: { cityId: "BE:capital", nameContains: "a", activeAbroad: false }, groupBy: []) { count } }`,
      pick: (data) => data.memberStats.length,
      readers: 1,
      others: "FORBIDDEN",
    },
    {
      attack: "differencing without a name: statuses by city (STATUS is protected)",
      query: () => `{ memberStats(filter: { cityId: "BE:capital" }, groupBy: [STATUS]) { status count } }`,
      pick: (data) => data.memberStats.map((g: { status: string }) => g.status),
      readers: ["ACTIVE", "SUSPENDED"],
      others: "FORBIDDEN",
    },
    {
      attack: "categories by city (CATEGORY is protected)",
      query: () => `{ memberStats(groupBy: [CITY, CATEGORY]) { count } }`,
      pick: (data) => data.memberStats.length > 0,
      readers: true,
      others: "FORBIDDEN",
    },
    {
      attack: "join months (JOINED_MONTH tells joinedOn)",
      query: () => `{ memberStats(groupBy: [JOINED_MONTH]) { joinedMonth count } }`,
      pick: (data) => data.memberStats.length > 0,
      readers: true,
      others: "FORBIDDEN",
    },
    {
      attack: "join years (JOINED_YEAR tells joinedOn)",
      query: () => `{ memberStats(groupBy: [JOINED_YEAR]) { joinedYear count } }`,
      pick: (data) => data.memberStats.length > 0,
      readers: true,
      others: "FORBIDDEN",
    },
    {
      attack: "a small count: the members of BE:capital active abroad (2)",
      query: () => `{ memberCount(filter: { cityId: "BE:capital", activeAbroad: true }) }`,
      pick: (data) => data.memberCount,
      readers: 2,
      others: "COUNT_SUPPRESSED",
    },
    {
      attack: "a count of no one is a count too (active in SE: 0)",
      query: () => `{ memberCount(filter: { activeIn: SE }) }`,
      pick: (data) => data.memberCount,
      readers: 0,
      others: "COUNT_SUPPRESSED",
    },
    {
      attack: "a small city's members (City.memberCount: 3)",
      query: () => `{ city(id: "BE:village") { memberCount } }`,
      pick: (data) => data.city.memberCount,
      readers: 3,
      others: "COUNT_SUPPRESSED",
    },
    {
      attack: "Country.memberCount of a small set",
      query: () =>
        `{ _entities(representations: [{ __typename: "Country", code: "BE" }]) { ... on Country { memberCount(filter: { activeAbroad: true }) } } }`,
      pick: (data) => data._entities[0].memberCount,
      readers: 2,
      others: "COUNT_SUPPRESSED",
    },
    {
      attack: "statistics: groups under 5 left out (active abroad by city: one group of 2)",
      query: () => `{ memberStats(filter: { activeAbroad: true }, groupBy: [CITY]) { city { id } count } }`,
      pick: (data) => data.memberStats,
      readers: [{ city: { id: "BE:capital" }, count: 2 }],
      others: [],
    },
  ];

  for (const { attack, query, pick, readers, others } of cases) {
    describe(attack, () => {
      for (const name of READERS)
        it(`answers ${name}`, async () => expect(await answer(query(), CALLERS[name], pick)).to.deep.equal(readers));
      for (const name of EVERYONE_ELSE)
        it(`${typeof others === "string" ? others : "answers"} for ${name}`, async () =>
          expect(await answer(query(), CALLERS[name], pick)).to.deep.equal(others));
    });
  }

  it("counts of 5 and more are answered to everyone: the unit's 40 current members, 20 in BE:capital, 17 in BE:harbour", async () => {
    for (const caller of Object.values(CALLERS)) {
      const query = `{ memberCount capital: city(id: "BE:capital") { memberCount } harbour: city(id: "BE:harbour") { memberCount } }`;
      expect(await answer(query, caller, (d) => d)).to.deep.equal({
        memberCount: 40,
        capital: { memberCount: 20 },
        harbour: { memberCount: 17 },
      });
    }
  });

  it("a BE member may list BE's members by name, not in join order (JOINED_DESC tells joinedOn, which they may not read)", async () => {
    const member = CALLERS["a BE member"];
    expect(
      await answer(`{ members(first: 3) { edges { node { id } } } }`, member, (d) => d.members.edges.length),
    ).to.equal(3);
    expect(
      await answer(`{ members(first: 3, orderBy: JOINED_DESC) { edges { node { id } } } }`, member, (d) => d),
    ).to.equal("FORBIDDEN");
    expect(
      await answer(
        `{ members(first: 3, orderBy: JOINED_DESC) { edges { node { id } } } }`,
        CALLERS["BE staff"],
        (d) => d.members.edges.length,
      ),
    ).to.equal(3);
  });
});
