import { expect } from "chai";
import { compareKeys } from "@smart/platform";
import { sharedTestPostgres } from "@smart/devdb";
import type { Member } from "../entity/index.js";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

const STAFF = { role: "unit_staff", unit: "BE" } as const;

const MEMBERS_PAGE = /* GraphQL */ `
  query Page($filter: MemberFilter, $orderBy: MemberOrder, $first: Int, $after: String) {
    members(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          firstName
          lastName
          joinedOn
          status
          city {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

async function walk(unit: RunningUnit, variables: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const { body } = await unit.query(MEMBERS_PAGE, { ...variables, after }, STAFF);
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    const connection = body.data.members;
    ids.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
  throw new Error("pagination did not end");
}

describe("national > members", () => {
  let unit: RunningUnit;
  let members: Member[];

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "BE");
    members = await insertFixture(unit.dataSource, "BE", 137);
  });
  after(() => unit?.stop());

  describe("keyset pagination", () => {
    const expected = (order: "NAME_ASC" | "JOINED_DESC", keep: (m: Member) => boolean) =>
      members
        .filter(keep)
        .sort((a, b) =>
          compareKeys(
            order,
            order === "NAME_ASC" ? [a.nameKey, a.id] : [a.joinedOn, a.id],
            order === "NAME_ASC" ? [b.nameKey, b.id] : [b.joinedOn, b.id],
          ),
        )
        .map((m) => m.id);

    for (const orderBy of ["NAME_ASC", "JOINED_DESC"] as const) {
      it(`walks every member exactly once, in order, by ${orderBy}`, async () => {
        const ids = await walk(unit, { orderBy, first: 10 });
        expect(ids).to.have.length(137);
        expect(new Set(ids).size).to.equal(137);
        expect(ids).to.deep.equal(expected(orderBy, () => true));
      });

      it(`walks a filtered list exactly once by ${orderBy}`, async () => {
        const filter = { status: "ACTIVE", cityId: "BE:capital", joinedFrom: "2012-01-01" };
        const ids = await walk(unit, { orderBy, first: 7, filter });
        expect(ids).to.deep.equal(
          expected(orderBy, (m) => m.status === "ACTIVE" && m.cityId === "BE:capital" && m.joinedOn >= "2012-01-01"),
        );
      });
    }

    it("finds names accent-insensitively", async () => {
      const { body } = await unit.query(MEMBERS_PAGE, { filter: { nameContains: "odon" }, first: 100 }, STAFF);
      const names = body.data.members.edges.map((e: { node: { firstName: string } }) => e.node.firstName);
      expect(names).to.not.be.empty;
      expect(names.every((n: string) => n === "Ödön")).to.equal(true);
    });

    it("counts members active in another unit's country, and those active in none", async () => {
      await unit.dataSource.query(`UPDATE member SET active_in = '{FR}' WHERE id IN ('BE:m1', 'BE:m2')`);
      await unit.dataSource.query(`UPDATE member SET active_in = '{DE,NL}' WHERE id = 'BE:m3'`);
      try {
        // As staff: 3 is under 5, suppressed for anyone else (disclosure.test.ts).
        const { body } = await unit.query(
          `{ abroad: memberCount(filter: { activeAbroad: true }) home: memberCount(filter: { activeAbroad: false }) }`,
          {},
          STAFF,
        );
        expect(body.data).to.deep.equal({ abroad: 3, home: 134 });
      } finally {
        await unit.dataSource.query(`UPDATE member SET active_in = '{}' WHERE id IN ('BE:m1', 'BE:m2', 'BE:m3')`);
      }
    });

    it("refuses seat-day totals over more than 366 days, or backwards, with BAD_USER_INPUT", async () => {
      for (const [from, to] of [
        ["2025-01-01", "2026-01-02"],
        ["2025-02-01", "2025-01-01"],
      ]) {
        const { body } = await unit.query(`query($from: Date!, $to: Date!) { seatDaysOffered(from: $from, to: $to) }`, {
          from,
          to,
        });
        expect(body.errors?.[0]?.extensions?.code, `${from}…${to}`).to.equal("BAD_USER_INPUT");
      }
      const { body } = await unit.query(`{ seatDaysBooked(from: "2025-01-01", to: "2025-12-31") }`);
      expect(body.data).to.deep.equal({ seatDaysBooked: 0 });
    });

    it("reads a page of members with their cities in one SQL statement, whatever its size", async () => {
      const cost = async (first: number) => {
        const before = unit.sqlCount();
        const { body } = await unit.query(
          `{ members(first: ${first}) { edges { cursor node { id displayName city { id name } } } } }`,
          {},
          STAFF,
        );
        expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
        expect(body.data.members.edges).to.have.length(first);
        const byId = new Map(members.map((m) => [m.id, m]));
        for (const { node } of body.data.members.edges) expect(node.city.id).to.equal(byId.get(node.id)!.cityId);
        return unit.sqlCount() - before;
      };
      expect(await cost(1)).to.equal(1);
      expect(await cost(100)).to.equal(1);
    });

    it("counts what the filter matches", async () => {
      const { body } = await unit.query(`{ memberCount(filter: { status: SUSPENDED }) all: memberCount }`, {}, STAFF);
      expect(body.data).to.deep.equal({
        memberCount: members.filter((m) => m.status === "SUSPENDED").length,
        all: 137,
      });
    });
  });

  describe("entities", () => {
    it("resolves 100 member references with a constant number of SQL statements", async () => {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id displayName city { name memberCount workspaces { name } } } } }`;
      const cost = async (count: number) => {
        const before = unit.sqlCount();
        const representations = members.slice(0, count).map((m) => ({ __typename: "Member", id: m.id }));
        const { body } = await unit.query(query, { r: representations }, undefined, true);
        expect(body.errors).to.equal(undefined);
        expect(body.data._entities.map((e: { id: string }) => e.id)).to.deep.equal(representations.map((r) => r.id));
        return unit.sqlCount() - before;
      };
      const one = await cost(1);
      const hundred = await cost(100);
      expect(hundred).to.equal(one);
      expect(hundred).to.be.at.most(4);
    });

    it("answers null for a member of another unit reached directly", async () => {
      const { body } = await unit.query(
        `{ _entities(representations: [{ __typename: "Member", id: "FR:m1" }]) { ... on Member { id } } }`,
        {},
        STAFF,
      );
      expect(body.data._entities).to.deep.equal([null]);
    });

    it("resolves no member reference for an unsigned anonymous caller, as Query.member would not", async () => {
      const representations = members.slice(0, 50).map((m) => ({ __typename: "Member", id: m.id }));
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { displayName city { name } activeIn { code } } } }`;
      const { body } = await unit.query(query, { r: representations });
      expect(body.data).to.equal(null);
      expect(new Set(body.errors!.map((e) => e.extensions?.code))).to.deep.equal(new Set(["UNAUTHENTICATED"]));
      expect(JSON.stringify(body)).not.to.include(members[0]!.lastName);
      const signedIn = await unit.query(
        query,
        { r: representations },
        { role: "member", unit: "BE", sub: members[0]!.id },
      );
      expect(signedIn.body.errors).to.equal(undefined);
    });

    it("caps an unsigned _entities at 100 representations and prices each; the gateway's signed call is priced by the gateway", async () => {
      const representations = (count: number) =>
        Array.from({ length: count }, (_, i) => ({ __typename: "Member", id: members[i % members.length]!.id }));
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id } } }`;
      const over = await unit.query(query, { r: representations(101) }, STAFF);
      expect(over.status).to.equal(400);
      expect(over.body.errors!.map((e) => e.extensions?.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
      expect(over.body.errors![0]!.message).to.match(/at most 100 representations/);
      // 100 × 62 days × 10 aliases of availabilityRange would be 4 MB from a 5 kB request: priced per representation and per day, refused.
      const ranges = Array.from(
        { length: 10 },
        (_, i) => `a${i}: availabilityRange(from: "2026-01-01", to: "2026-03-03") { available }`,
      ).join(" ");
      const workspaces = Array.from({ length: 100 }, () => ({ __typename: "Workspace", id: "BE:w1" }));
      const heavy = await unit.query(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Workspace { ${ranges} } } }`,
        { r: workspaces },
        STAFF,
      );
      expect(heavy.body.errors!.map((e) => e.extensions?.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
      const signed = await unit.query(query, { r: representations(150) }, STAFF, true);
      expect(signed.body.errors).to.equal(undefined);
      expect(signed.body.data._entities).to.have.length(150);
    });
  });
});
