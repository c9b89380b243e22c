import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";
import type { Member } from "../entity/index.js";

const STAFF = { role: "unit_staff", unit: "BE" } as const;
const CENTRAL = { role: "central_office" } as const;
const PAGE = `query($first: Int!) { members(first: $first) { edges { node { id email phone } } } }`;

describe("national > member rights at the unit", () => {
  let unit: RunningUnit;
  let members: Member[];

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "BE");
    members = await insertFixture(unit.dataSource, "BE", 60);
  });
  after(async () => unit?.stop());

  const logged = async () => (await unit.dataSource.query(`SELECT count(*)::int AS n FROM personal_data_access`))[0].n as number;

  it("logs a page of personal reads with one INSERT, whatever the page size: 1 member and 50 cost the same SQL", async () => {
    const cost = async (first: number) => {
      const before = unit.sqlCount();
      const rows = await logged();
      const { body } = await unit.query(PAGE, { first }, STAFF);
      expect(body.errors).to.equal(undefined);
      expect(await logged()).to.equal(rows + first);
      return unit.sqlCount() - before - 2; // less this test's two counts
    };
    expect(await cost(50)).to.equal(await cost(1));
  });

  it("logs nothing for public fields, nor for the member reading their own record", async () => {
    const before = await logged();
    await unit.query(`{ members(first: 20) { edges { node { id displayName city { name } } } } }`, {}, STAFF);
    await unit.query(`query($id: ID!) { member(id: $id) { email phone shares } }`, { id: members[0]!.id }, { role: "member", unit: "BE", sub: members[0]!.id });
    expect(await logged()).to.equal(before);
  });

  it("eraseMemberRecord: staff or central only, replaces every personal field once, records every place pending; repeats return the same record", async () => {
    const target = members[1]!;
    const ERASE = `mutation($id: ID!) { eraseMemberRecord(id: $id, reason: "asked") { memberId pseudonym pending completedAt } }`;
    const refused = await unit.query(ERASE, { id: target.id }, { role: "member", unit: "BE", sub: target.id });
    expect(refused.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["FORBIDDEN"]);
    const first = (await unit.query(ERASE, { id: target.id }, STAFF)).body.data.eraseMemberRecord;
    expect(first.pending).to.deep.equal(["AT", "BE", "DE", "ES", "FR", "HU", "IT", "NL", "SE", "central"]);
    expect(first.pseudonym).to.match(/^BE:erased-[0-9a-f-]{36}$/);
    expect((await unit.query(ERASE, { id: target.id }, CENTRAL)).body.data.eraseMemberRecord).to.deep.equal(first);
    const [row] = await unit.dataSource.query(`SELECT first_name, last_name, email, phone, search_name FROM member WHERE id = $1`, [target.id]);
    expect(JSON.stringify(row)).not.to.contain(target.firstName).and.not.to.contain(target.lastName).and.not.to.contain(target.email);

    const PROGRESS = `mutation($id: ID!, $done: [String!]!) { recordErasureProgress(id: $id, done: $done) { pending completedAt } }`;
    expect((await unit.query(PROGRESS, { id: target.id, done: ["AT", "BE", "central"] }, STAFF)).body.data.recordErasureProgress).to.deep.equal({
      pending: ["DE", "ES", "FR", "HU", "IT", "NL", "SE"],
      completedAt: null,
    });
    const done = (await unit.query(PROGRESS, { id: target.id, done: ["DE", "ES", "FR", "HU", "IT", "NL", "SE", "BE"] }, STAFF)).body.data.recordErasureProgress;
    expect(done.pending).to.deep.equal([]);
    expect(done.completedAt).to.be.a("string");
  });

  it("unlinkMemberBookings is the gateway's: refused unsigned, even to the unit's own staff", async () => {
    const { body } = await unit.query(
      `mutation { unlinkMemberBookings(unit: BE, memberId: "BE:m3", pseudonym: "BE:erased-00000000-0000-0000-0000-000000000000") }`,
      {},
      STAFF,
    );
    expect(body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["FORBIDDEN"]);
  });
});
