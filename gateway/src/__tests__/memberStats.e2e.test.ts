import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { NO_CENTRAL, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { tokenFor } from "@smart/identity/testing";

const DEADLINE_MS = 5000;
// Units of different sizes (12 to 36), so that some groups are under 5 and some over.
const members = testMembers((unit) => 12 + 3 * FOUNDING_UNITS.indexOf(unit));

type Dimension = "COUNTRY" | "CITY" | "CATEGORY" | "STATUS" | "JOINED_YEAR" | "JOINED_MONTH" | "ACTIVE_IN_COUNTRY";
interface Group {
  country: FoundingUnit | null;
  city: { id: string } | null;
  category: string | null;
  status: string | null;
  joinedYear: number | null;
  joinedMonth: string | null;
  activeInCountry: FoundingUnit | null;
  count: number;
}

const STATS = `query($country: CountryCode, $filter: MemberFilter, $groupBy: [MemberDimension!]!) {
  memberStats(country: $country, filter: $filter, groupBy: $groupBy) {
    country city { id } category status joinedYear joinedMonth activeInCountry count
  }
}`;

const keyOf = (group: Group) => JSON.stringify({ ...group, count: undefined });

/** The filter (and unit) that selects exactly one group's members: what memberCount must answer with its count. */
function countArgsOf(
  group: Group,
  base: Record<string, unknown>,
): { country?: FoundingUnit; filter: Record<string, unknown> } {
  const filter: Record<string, unknown> = { ...base };
  let country: FoundingUnit | undefined = group.country ?? undefined;
  if (group.city) {
    filter.cityId = group.city.id;
    country = group.city.id.slice(0, 2) as FoundingUnit;
  }
  if (group.category) filter.category = group.category;
  if (group.status) filter.status = group.status;
  if (group.joinedYear !== null)
    Object.assign(filter, { joinedFrom: `${group.joinedYear}-01-01`, joinedTo: `${group.joinedYear}-12-31` });
  if (group.joinedMonth) {
    const [year, month] = group.joinedMonth.split("-").map(Number) as [number, number];
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    Object.assign(filter, { joinedFrom: `${group.joinedMonth}-01`, joinedTo: `${group.joinedMonth}-${last}` });
  }
  if (group.activeInCountry) filter.activeIn = group.activeInCountry;
  return { ...(country ? { country } : {}), filter };
}

describe("memberStats and workspaceOccupancy through the gateway, over nine real units", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let office: Record<string, string>;

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), members);
    // Vary what the shared fixture leaves constant: category, status, activeIn (none, one or two other countries).
    await Promise.all(
      FOUNDING_UNITS.map((unit, u) => {
        const others = FOUNDING_UNITS.filter((c) => c !== unit);
        return units.dataSources[unit].query(
          `UPDATE member SET
             category = (ARRAY['A','A','B','C'])[1 + (substring(id FROM 5)::int % 4)],
             status = CASE WHEN substring(id FROM 5)::int % 6 = 0 THEN 'LEFT' WHEN substring(id FROM 5)::int % 7 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END,
             active_in = CASE substring(id FROM 5)::int % 3 WHEN 0 THEN '{}'::text[] WHEN 1 THEN ARRAY[$1] ELSE ARRAY[$1, $2] END`,
          [others[u % others.length], others[(u + 3) % others.length]],
        );
      }),
    );
    // A generous deadline: these tests are about the numbers, and this machine is shared.
    gateway = await startGateway(units.urls, { centralUrl: NO_CENTRAL, deadlineMs: DEADLINE_MS });
    office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });

  const stats = async (
    groupBy: Dimension[],
    options: { filter?: Record<string, unknown>; country?: FoundingUnit; headers?: Record<string, string> } = {},
  ) => {
    const { body } = await gateway.query<{ memberStats: Group[] }>(
      STATS,
      { groupBy, filter: options.filter, country: options.country },
      options.headers ?? office,
    );
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    return body.data!.memberStats;
  };

  /** Each unit's own answer, asked of the unit directly by its own staff (the central office reaches a unit only through the gateway). */
  const perUnit = async (groupBy: Dimension[], filter?: Record<string, unknown>) =>
    Promise.all(
      FOUNDING_UNITS.map(async (unit) => {
        const response = await fetch(units.urls[unit], {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${await tokenFor({ role: "unit_staff", unit })}`,
          },
          body: JSON.stringify({ query: STATS, variables: { groupBy, filter } }),
        });
        const body = (await response.json()) as { data: { memberStats: Group[] }; errors?: unknown };
        expect(body.errors).to.equal(undefined);
        return body.data.memberStats;
      }),
    );

  /** memberCount for each group's own filter, 25 aliases a request. */
  const memberCounts = async (groups: readonly Group[], base: Record<string, unknown>) => {
    const counts: number[] = [];
    for (let start = 0; start < groups.length; start += 25) {
      const batch = groups.slice(start, start + 25).map((group) => countArgsOf(group, base));
      const variables: Record<string, unknown> = {};
      const fields = batch.map((args, i) => {
        variables[`f${i}`] = args.filter;
        variables[`c${i}`] = args.country ?? null;
        return `n${i}: memberCount(country: $c${i}, filter: $f${i})`;
      });
      const definitions = batch.map((_, i) => `$f${i}: MemberFilter, $c${i}: CountryCode`).join(", ");
      const { body } = await gateway.query(`query(${definitions}) { ${fields.join(" ")} }`, variables, office);
      expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
      counts.push(...batch.map((_, i) => body.data[`n${i}`] as number));
    }
    return counts;
  };

  const cases: { groupBy: Dimension[]; filter?: Record<string, unknown> }[] = [
    { groupBy: ["COUNTRY"] },
    { groupBy: ["CITY"] },
    { groupBy: ["CATEGORY"] },
    { groupBy: ["STATUS"] },
    { groupBy: ["JOINED_YEAR"] },
    { groupBy: ["JOINED_MONTH"] },
    { groupBy: ["ACTIVE_IN_COUNTRY"] },
    { groupBy: ["COUNTRY", "CATEGORY"] },
    { groupBy: ["CATEGORY", "STATUS", "JOINED_YEAR"], filter: { joinedFrom: "2014-01-01" } },
    { groupBy: ["ACTIVE_IN_COUNTRY", "CATEGORY"], filter: { status: "ACTIVE" } },
  ];
  for (const { groupBy, filter } of cases) {
    it(`groupBy [${groupBy.join(", ")}]${filter ? ` with ${JSON.stringify(filter)}` : ""}: Europe-wide = the units' answers summed = memberCount per group`, async () => {
      const europe = await stats(groupBy, { filter });
      expect(europe.length).to.be.greaterThan(1);

      const summed = new Map<string, number>();
      for (const group of (await perUnit(groupBy, filter)).flat())
        summed.set(keyOf(group), (summed.get(keyOf(group)) ?? 0) + group.count);
      expect(new Map(europe.map((group) => [keyOf(group), group.count]))).to.deep.equal(summed);

      // memberCount has no filter for "active in no other country": that group is checked by the test after this loop.
      const countable = europe.filter(
        (group) => !groupBy.includes("ACTIVE_IN_COUNTRY") || group.activeInCountry !== null,
      );
      expect(countable.map((group) => group.count)).to.deep.equal(await memberCounts(countable, filter ?? {}));
      if (!groupBy.includes("ACTIVE_IN_COUNTRY")) {
        // Every member in exactly one group.
        const [total] = await memberCounts(
          [
            {
              country: null,
              city: null,
              category: null,
              status: null,
              joinedYear: null,
              joinedMonth: null,
              activeInCountry: null,
              count: 0,
            },
          ],
          filter ?? {},
        );
        expect(europe.reduce((sum, group) => sum + group.count, 0)).to.equal(total);
      }
    });
  }

  it("counts a member once per country they are active in, and those active nowhere else under null", async () => {
    const europe = await stats(["ACTIVE_IN_COUNTRY"]);
    const expected = new Map<string | null, number>();
    for (const [unit, unitMembers] of Object.entries(members)) {
      const u = FOUNDING_UNITS.indexOf(unit as FoundingUnit);
      const others = FOUNDING_UNITS.filter((c) => c !== unit);
      unitMembers.forEach((_, i) => {
        if ((i + 1) % 6 === 0) return; // LEFT: no current member, counted nowhere
        const countries = [[], [others[u % 8]!], [others[u % 8]!, others[(u + 3) % 8]!]][(i + 1) % 3]!;
        for (const country of countries.length ? countries : [null])
          expected.set(country, (expected.get(country) ?? 0) + 1);
      });
    }
    expect(new Map(europe.map((group) => [group.activeInCountry, group.count]))).to.deep.equal(expected);
    expect(europe.at(-1)!.activeInCountry, "null last").to.equal(null);
  });

  it("orders merged groups by their values, in the order the fields are selected", async () => {
    const europe = await stats(["CATEGORY", "COUNTRY"]); // selected: country, then category
    const keys = europe.map((group) => `${group.country}|${group.category}`);
    expect(keys).to.deep.equal([...keys].sort());
    expect(europe.map((group) => group.country)).to.include.members(FOUNDING_UNITS);
  });

  it("merges groups whatever the caller selects: aliases, a count asked twice, dimensions left unselected", async () => {
    const { body } = await gateway.query(
      `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { cat: category n: count m: count } }`,
      {},
      office,
    );
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    const byCategory = await stats(["CATEGORY"]);
    expect(body.data.memberStats).to.deep.equal(
      byCategory.map((group) => ({ cat: group.category, n: group.count, m: group.count })),
    );
  });

  it("leaves out groups under 5 for anyone but the central office and the unit's own staff", async () => {
    // CITY and ACTIVE_IN_COUNTRY: what anyone may read (CATEGORY is refused them: disclosure.test.ts at the unit).
    const groupBy: Dimension[] = ["COUNTRY", "CITY", "ACTIVE_IN_COUNTRY"];
    const all = await stats(groupBy);
    const small = all.filter((group) => group.count < 5);
    expect(small.length, "the fixture has small groups").to.be.greaterThan(0);
    const disclosed = all.filter((group) => group.count >= 5);
    expect(disclosed.length, "and large ones").to.be.greaterThan(0);

    const anonymous = await stats(groupBy, { headers: {} });
    expect(anonymous).to.deep.equal(disclosed);
    const member = { authorization: `Bearer ${await tokenFor({ role: "member", unit: "BE", sub: "BE:m1" })}` };
    expect(await stats(groupBy, { headers: member })).to.deep.equal(disclosed);

    const beStaff = { authorization: `Bearer ${await tokenFor({ role: "unit_staff", unit: "BE" })}` };
    expect(await stats(groupBy, { headers: beStaff })).to.deep.equal(
      all.filter((group) => group.country === "BE" || group.count >= 5),
    );
    expect(await stats(groupBy, { headers: beStaff, country: "BE" })).to.deep.equal(
      all.filter((group) => group.country === "BE"),
    );
  });

  it("refuses a dimension named twice, and a country that is no unit's, with BAD_USER_INPUT", async () => {
    const twice = await gateway.query(`{ memberStats(groupBy: [CITY, CITY]) { count } }`, {}, office);
    expect(twice.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
    expect(twice.body.errors![0]!.message).to.match(/twice/);
    const unknown = await gateway.query(`{ memberStats(country: XX, groupBy: [CITY]) { count } }`, {}, office);
    expect(unknown.body.errors?.[0]?.extensions?.code).to.be.oneOf(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]);
  });

  it("answers without a unit that is down, naming it with SHARD_UNAVAILABLE", async () => {
    units.slowDown("SE", DEADLINE_MS + 1000);
    try {
      const { body } = await gateway.query(`{ memberStats(groupBy: [COUNTRY]) { country count } }`, {}, office);
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.unit])).to.deep.equal([
        ["SHARD_UNAVAILABLE", "SE"],
      ]);
      expect(body.data.memberStats.map((group: Group) => group.country)).to.deep.equal(
        FOUNDING_UNITS.filter((c) => c !== "SE"),
      );
    } finally {
      units.slowDown("SE", 0);
    }
  });

  describe("workspaceOccupancy", () => {
    const today = new Date().toISOString().slice(0, 10);
    const plus = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    before(async () => {
      // Past and future desks: written as a seed would (the trigger keeps the seat counters).
      const rows: [FoundingUnit, string, number][] = [
        ["BE", "BE:m1", 5],
        ["BE", "BE:m2", 5],
        ["BE", "BE:m3", 6],
        ["FR", "FR:m1", -2],
        ["HU", "BE:m4", 5],
      ];
      for (const [i, [unit, memberId, offset]] of rows.entries()) {
        await units.dataSources[unit].query(
          `INSERT INTO booking (id, workspace_id, day, member_id, idempotency_key) VALUES ($1, $2, $3, $4, $5)`,
          [`${unit}:b${100 + i}`, `${unit}:w1`, plus(offset), memberId, `fixture-${i}`],
        );
      }
    });

    it("fans out to every unit, one row per workspace in country order, with the bookings counted", async () => {
      const { body } = await gateway.query(
        `query($from: Date!, $to: Date!) { workspaceOccupancy(from: $from, to: $to) { workspace { id } seatDaysBooked seatDaysOffered rate busiestDay } }`,
        { from: plus(-5), to: plus(9) },
      );
      expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
      const booked: Partial<Record<FoundingUnit, [number, string]>> = {
        BE: [3, plus(5)],
        FR: [1, plus(-2)],
        HU: [1, plus(5)],
      };
      expect(body.data.workspaceOccupancy).to.deep.equal(
        FOUNDING_UNITS.map((unit) => {
          const [count, busiest] = booked[unit] ?? [0, null];
          return {
            workspace: { id: `${unit}:w1` },
            seatDaysBooked: count,
            seatDaysOffered: 150,
            rate: count / 150,
            busiestDay: busiest,
          };
        }),
      );
    });

    it("goes to one unit with `country`, and refuses more than 366 days", async () => {
      const one = await gateway.query(
        `{ workspaceOccupancy(from: "${plus(0)}", to: "${plus(6)}", country: BE) { workspace { id } seatDaysBooked } }`,
      );
      expect(one.body.data.workspaceOccupancy).to.deep.equal([{ workspace: { id: "BE:w1" }, seatDaysBooked: 3 }]);
      const long = await gateway.query(
        `{ workspaceOccupancy(from: "2025-01-01", to: "2026-01-02") { seatDaysBooked } }`,
      );
      expect(long.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
    });
  });
});
