import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { insertFixture, startUnit, type RunningUnit } from "./unitFixture.js";

const REGISTER = `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id displayName email shares category status city { id } activeIn { code } joinedOn } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id firstName lastName email shares status } }`;

const valid = {
  country: "FR",
  firstName: "Zoë",
  lastName: "Lefèvre",
  email: "zoe.lefevre@example.fr",
  cityId: "FR:capital",
  shares: 3,
  activeIn: ["BE", "ES", "BE"],
  joinedOn: "2024-03-01",
};

describe("national > mutations and bad input", () => {
  let unit: RunningUnit;
  const asStaff = (query: string, variables?: Record<string, unknown>) =>
    unit.query(query, variables, { role: "unit_staff", unit: "FR" });
  const memberRows = async () => Number((await unit.dataSource.query(`SELECT count(*) AS n FROM member`))[0].n);

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "FR");
    await insertFixture(unit.dataSource, "FR", 5);
  });
  after(() => unit?.stop());

  it("registers a member with the next FR: ID and reads it back", async () => {
    const { body } = await asStaff(REGISTER, { input: valid });
    expect(body.errors).to.equal(undefined);
    expect(body.data.registerMember).to.deep.include({
      id: "FR:m6",
      displayName: "Zoë Lefèvre",
      shares: 3,
      category: "A",
      status: "ACTIVE",
      joinedOn: "2024-03-01",
    });
    expect(body.data.registerMember.activeIn).to.deep.equal([{ code: "BE" }, { code: "ES" }]);
    const read = await asStaff(`{ member(id: "FR:m6") { email city { id } } }`);
    expect(read.body.data.member).to.deep.equal({ email: "zoe.lefevre@example.fr", city: { id: "FR:capital" } });
  });

  it("gives a new member the unit's language unless told, and lets the member change it", async () => {
    const read = async (id: string) =>
      (await asStaff(`query($id: ID!) { member(id: $id) { preferredLanguage } }`, { id })).body.data.member
        .preferredLanguage;
    expect(await read("FR:m6")).to.equal("FR");
    const { body } = await asStaff(REGISTER, {
      input: { ...valid, email: "ana.lang@example.fr", activeIn: [], preferredLanguage: "ES" },
    });
    expect(body.errors).to.equal(undefined);
    const id = body.data.registerMember.id;
    expect(await read(id)).to.equal("ES");
    const self = await unit.query(
      `mutation($id: ID!) { updateMember(id: $id, input: { preferredLanguage: NL }) { preferredLanguage } }`,
      { id },
      { role: "member", unit: "FR", sub: id },
    );
    expect(self.body.errors).to.equal(undefined);
    expect(self.body.data.updateMember.preferredLanguage).to.equal("NL");
    const cleared = await asStaff(
      `mutation($id: ID!) { updateMember(id: $id, input: { preferredLanguage: null }) { id } }`,
      { id },
    );
    expect(cleared.body.errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");
    await unit.dataSource.query(`DELETE FROM member WHERE id = $1`, [id]);
  });

  it("updates only the fields given", async () => {
    const { body } = await asStaff(UPDATE, { id: "FR:m6", input: { shares: 5, status: "SUSPENDED" } });
    expect(body.errors).to.equal(undefined);
    expect(body.data.updateMember).to.deep.equal({
      id: "FR:m6",
      firstName: "Zoë",
      lastName: "Lefèvre",
      email: "zoe.lefevre@example.fr",
      shares: 5,
      status: "SUSPENDED",
    });
  });

  const badRegistrations: [string, Record<string, unknown>, RegExp, string?][] = [
    ["another unit's country", { country: "BE" }, /This is the FR unit/],
    ["an email that is not one", { email: "zoe-at-example" }, /email: .* is not an email address/],
    ["shares below 1", { shares: 0 }, /at least one share/],
    ["an unknown city", { cityId: "FR:atlantis" }, /no city "FR:atlantis"/],
    ["a city of another unit", { cityId: "BE:capital" }, /belongs to the BE unit/],
    ["a name of control characters", { firstName: "\u0007\u0008" }, /control characters/],
    ["a date in the future", { joinedOn: "2999-01-01" }, /in the future/],
    ["an impossible date", { joinedOn: "2024-02-30" }, /YYYY-MM-DD/],
    ["its own unit in activeIn", { activeIn: ["FR"] }, /own unit FR/],
    ["an email already taken", { email: "MEMBER1@fr.example" }, /already registered/, "CONFLICT"],
  ];
  for (const [label, change, message, code = "BAD_USER_INPUT"] of badRegistrations) {
    it(`refuses ${label} with ${code} and writes nothing`, async () => {
      const before = await memberRows();
      const { status, body } = await asStaff(REGISTER, {
        input: { ...valid, email: `x${Math.random()}@example.fr`, ...change },
      });
      expect(status).to.be.oneOf([200, 400]);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body.errors)).to.equal(code);
      expect(body.errors?.[0]?.message).to.match(message);
      expect(await memberRows()).to.equal(before);
    });
  }

  const badLookups: [string, string, RegExp][] = [
    ["a foreign ID prefix", `{ member(id: "BE:m1") { id } }`, /belongs to the BE unit/],
    ["an ID without a prefix", `{ member(id: "12") { id } }`, /not an ID of this graph/],
    ["another unit's country", `{ members(country: BE) { edges { cursor } } }`, /This is the FR unit/],
    ["first above 100", `{ members(first: 101) { edges { cursor } } }`, /between 1 and 100/],
    ["first below 1", `{ members(first: -5) { edges { cursor } } }`, /between 1 and 100/],
    [
      "a tampered cursor",
      `{ members(after: "eyJvIjoiTkFNRV9BU0MifQ") { edges { cursor } } }`,
      /not a cursor of this list/,
    ],
    [
      "a cursor of another order",
      `{ members(orderBy: JOINED_DESC, after: "${Buffer.from(JSON.stringify({ o: "NAME_ASC", k: ["a", "b"] })).toString("base64url")}") { edges { cursor } } }`,
      /ordered by JOINED_DESC/,
    ],
    ["an unknown filter city", `{ memberCount(filter: { cityId: "FR:nowhere" }) }`, /no city/],
    [
      "reversed join dates",
      `{ memberCount(filter: { joinedFrom: "2020-01-01", joinedTo: "2019-01-01" }) }`,
      /is after/,
    ],
  ];
  for (const [label, query, message] of badLookups) {
    it(`refuses ${label} with BAD_USER_INPUT`, async () => {
      const { body } = await asStaff(query);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body.errors)).to.equal("BAD_USER_INPUT");
      expect(body.errors?.[0]?.message).to.match(message);
    });
  }

  it("answers NOT_FOUND for an update of a member that does not exist", async () => {
    const { body } = await asStaff(UPDATE, { id: "FR:m999", input: { shares: 2 } });
    expect(body.errors?.[0]?.extensions?.code).to.equal("NOT_FOUND");
  });

  it("refuses null for a required field on update and changes nothing", async () => {
    const { body } = await asStaff(UPDATE, { id: "FR:m1", input: { shares: 9, email: null } });
    expect(body.errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");
    const read = await asStaff(`{ member(id: "FR:m1") { shares } }`);
    expect(read.body.data.member.shares).to.not.equal(9);
  });
});
