import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { sqlStatementCounter } from "../data-source.js";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

/** `memberCount` from the tally the triggers keep: always the count of the people (no tombstones; without a status, current members). */
describe("national > member tally (constant-time counts)", () => {
  let unit: RunningUnit;
  const STAFF = { role: "unit_staff", unit: "NL" } as const;
  const OFFICE = { role: "central_office" } as const;
  const register = (i: number, cityId = "NL:capital") =>
    unit.query(
      `mutation($i: RegisterMemberInput!) { registerMember(input: $i) { id } }`,
      {
        i: {
          country: "NL",
          firstName: "Tally",
          lastName: `Tally${"abcdefghijklmnopqrstuvwxyzäöüé"[i]}`,
          email: `tally${i}@example.nl`,
          cityId,
          category: i % 2 ? "A" : "B",
        },
      },
      STAFF,
    );
  /** Every tallied count asked through the API beside the same count of the rows. */
  async function expectExact() {
    const filters = [
      "",
      "status: ACTIVE",
      "status: SUSPENDED",
      "category: B",
      'cityId: "NL:harbour"',
      'status: ACTIVE, category: A, cityId: "NL:capital"',
      "status: LEFT",
    ];
    const query = `{ ${filters.map((f, i) => `c${i}: memberCount${f ? `(filter: { ${f} })` : ""}`).join(" ")} cities { id memberCount } }`;
    const { body } = await unit.query(query, {}, OFFICE);
    expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
    // People: no tombstone (moved on, erased); without a status, current members.
    const rows = (where: string) =>
      unit.dataSource
        .query(`SELECT count(*)::int AS n FROM member WHERE moved_to IS NULL AND erased_at IS NULL AND ${where}`)
        .then((r: { n: number }[]) => r[0]!.n);
    const current = "status IN ('ACTIVE', 'SUSPENDED')";
    expect(body.data).to.deep.include({
      c0: await rows(current),
      c1: await rows("status = 'ACTIVE'"),
      c2: await rows("status = 'SUSPENDED'"),
      c3: await rows(`category = 'B' AND ${current}`),
      c4: await rows(`city_id = 'NL:harbour' AND ${current}`),
      c5: await rows("status = 'ACTIVE' AND category = 'A' AND city_id = 'NL:capital'"),
      c6: await rows("status = 'LEFT'"),
    });
    for (const city of body.data.cities as { id: string; memberCount: number }[])
      expect(city.memberCount, city.id).to.equal(await rows(`city_id = '${city.id}' AND ${current}`));
  }

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "NL");
    await insertFixture(unit.dataSource, "NL", 60);
  });
  after(() => unit?.stop());

  it("counts the members inserted before and by the fixture", expectExact);

  it("stays exact after 30 concurrent registrations", async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => register(i, i % 3 ? "NL:capital" : "NL:harbour")),
    );
    expect(replies.every((r) => !r.body.errors)).to.equal(true);
    await expectExact();
  });

  it("stays exact after members change status, category and city, concurrently", async () => {
    const changes = Array.from({ length: 20 }, (_, i) =>
      unit.query(
        `mutation { updateMember(id: "NL:m${i + 1}", input: { status: ${i % 2 ? "SUSPENDED" : "LEFT"}, category: C, cityId: "NL:harbour" }) { id } }`,
        {},
        STAFF,
      ),
    );
    expect((await Promise.all(changes)).every((r) => !r.body.errors)).to.equal(true);
    await expectExact();
  });

  it("stays exact when members become tombstones (moved on, erased): they are counted nowhere, not even among those who left", async () => {
    const left = (await unit.query(`{ memberCount(filter: { status: LEFT }) }`, {}, OFFICE)).body.data
      .memberCount as number;
    await unit.dataSource.query(
      `UPDATE member SET status = 'LEFT', moved_to = 'FR:m900', moved_at = now() WHERE id = 'NL:m41'`,
    );
    await unit.dataSource.query(`UPDATE member SET status = 'LEFT', erased_at = now() WHERE id = 'NL:m42'`);
    await expectExact();
    expect((await unit.query(`{ memberCount(filter: { status: LEFT }) }`, {}, OFFICE)).body.data.memberCount).to.equal(
      left,
    );
  });

  it("stays exact when a registration is rolled back (a taken email) and when a transaction is", async () => {
    const before = await unit.query(`{ memberCount }`, {}, OFFICE);
    const taken = await register(0);
    expect(taken.body.errors?.[0]?.extensions?.code).to.equal("CONFLICT");
    await unit.dataSource
      .transaction(async (manager) => {
        await manager.query(`UPDATE member SET status = 'LEFT' WHERE id IN ('NL:m30', 'NL:m31')`);
        await manager.query(`DELETE FROM member WHERE id = 'NL:m32'`);
        throw new Error("roll back");
      })
      .catch(() => {});
    expect((await unit.query(`{ memberCount }`, {}, OFFICE)).body.data.memberCount).to.equal(
      before.body.data.memberCount,
    );
    await expectExact();
  });

  it("answers an unfiltered count with one statement on the tally, not a scan", async () => {
    const counter = sqlStatementCounter(unit.dataSource);
    const before = counter.count;
    await unit.query(`{ memberCount }`);
    expect(counter.count - before).to.equal(1);
    // The statement the resolver sent, planned as Postgres would run it: it reads the tally and no other table.
    const { query, parameters } = counter.last!;
    const [explained] = await unit.dataSource.query<{ "QUERY PLAN": PlanNode[] }[]>(
      `EXPLAIN (FORMAT JSON) ${query}`,
      parameters,
    );
    expect(relationsOf(explained!["QUERY PLAN"][0]!.Plan)).to.deep.equal(["member_tally"]);
  });
});

interface PlanNode {
  Plan: PlanStep;
}
interface PlanStep {
  "Relation Name"?: string;
  Plans?: PlanStep[];
}

/** Every table a plan reads, once each. */
function relationsOf(step: PlanStep): string[] {
  const names = [step["Relation Name"], ...(step.Plans ?? []).flatMap(relationsOf)].filter(
    (name): name is string => name !== undefined,
  );
  return [...new Set(names)];
}
