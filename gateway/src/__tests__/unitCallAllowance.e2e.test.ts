import { expect } from "chai";
import { FOUNDING_UNITS } from "@smart/platform";
import { tokenFor } from "@smart/identity/testing";
import { startEuropeStack, type EuropeStack } from "./helpers/europeStack.js";
import { errorSummary, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";

/**
 * Issue 22, findings 1–3: what a request costs the units is bounded where the
 * calls are made. The plan's price is the early refusal, priced as the operation
 * will run (variables' defaults applied, a list without `first` at the bound its
 * unit enforces); the per-request allowance (QUERY_MAX_UNIT_CALLS) is the
 * guarantee, spent as each unit call goes out. Unit calls are counted at the
 * gateway's hook before each call.
 */

// BE holds most members, the other units one each: a Europe-wide page of 20 is at least 12 of BE's, more than its even share (7).
const members = testMembers((unit) => (unit === "BE" ? 40 : 1));
const aliased = (count: number, field: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `p${i}: ${field(i)}`).join(" ");

describe("gateway > unit calls: priced as the operation runs, and never more than the request's allowance", () => {
  let stack: EuropeStack;
  let office: Record<string, string>;
  let staffBE: Record<string, string>;

  before(async () => {
    stack = await startEuropeStack(members);
    office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
    staffBE = { authorization: `Bearer ${await tokenFor({ role: "unit_staff", unit: "BE" })}` };
  });
  after(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    stack.unitCalls.count = 0;
  });

  it("prices a list without `first` at the rows its unit may give: a workspace's bookings, each member's across Europe, refused before any call", async () => {
    // Priced at 20 bookings, this made ~880 calls over the dev stack's 4,906 bookings, and the gateway ran out of heap.
    const reply = await stack.gateway.query(
      `{ bookings(workspace: "BE:w1", from: "2026-10-04", to: "2026-12-04") { id member { bookings { id } } } }`,
      {},
      staffBE,
    );
    expect(errorSummary(reply).map((e) => e.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    expect(stack.unitCalls.count).to.equal(0);
  });

  it("prices with the variables' defaults: an omitted `$x: Boolean = true` includes what it guards", async () => {
    const countries = aliased(30, () => `countries @include(if: $x) { cities { workspaces { name } } }`);
    const withDefault = await stack.gateway.query(`query I($x: Boolean = true) { ${countries} }`, {});
    const explicit = await stack.gateway.query(`query I($x: Boolean!) { ${countries} }`, { x: true });
    expect(errorSummary(explicit).map((e) => e.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    expect(errorSummary(withDefault).map((e) => e.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    expect(stack.unitCalls.count).to.equal(0);
  });

  it("prices with the variables' defaults: an omitted `$n: Int = 100` is a page of 100 members, each with bookings across Europe", async () => {
    const query = (definition: string) =>
      `query(${definition}) { members(country: BE, first: $n) { edges { node { bookings { id } } } } }`;
    const explicit = await stack.gateway.query(query("$n: Int"), { n: 100 }, office);
    const withDefault = await stack.gateway.query(query("$n: Int = 100"), {}, office);
    expect(errorSummary(explicit).map((e) => e.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    expect(errorSummary(withDefault).map((e) => e.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    expect(stack.unitCalls.count).to.equal(0);
  });

  it("asks again, in one round, every unit whose share of several Europe-wide pages ran short: 30 pages are not 30 rounds", async () => {
    const pages = aliased(30, () => `members(first: 20, orderBy: NAME_ASC) { edges { node { id } } }`);
    const reply = await stack.gateway.query(`{ ${pages} }`, {}, office);
    expect(reply.body.errors).to.equal(undefined);
    for (let i = 0; i < 30; i++) expect(reply.body.data[`p${i}`].edges).to.have.length(20);
    // Each unit once for all 30 pages, then BE (whose share ran short) once more for all of them.
    expect(stack.unitCalls.count).to.equal(FOUNDING_UNITS.length + 1);
  });

  describe("with an allowance the estimate cannot see past (QUERY_MAX_UNIT_CALLS = 9)", () => {
    let tight: RunningGateway;
    const calls: string[] = [];

    before(async () => {
      tight = await startGateway(
        stack.units.urls,
        { maxUnitCalls: 9, deadlineMs: 3000, willSendUnitRequest: ({ unit }) => void calls.push(unit) },
        office,
      );
    });
    after(async () => {
      await tight?.stop();
    });

    it("makes no call past the allowance: the page that needed one more is null, with one QUERY_TOO_COMPLEX naming the allowance", async () => {
      // Priced at 9 (each unit once); BE's share runs short, and asking it again would be the 10th call.
      const reply = await tight.query(`{ a: members(first: 20, orderBy: NAME_ASC) { edges { node { id } } } }`);
      expect(calls).to.have.length(9);
      expect(reply.body.data ?? null).to.equal(null); // `members` is non-null: its null is the whole answer's
      const errors = reply.body.errors ?? [];
      expect(errors.map((e) => e.extensions?.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
      expect(errors[0]!.message).to.contain("allowance of 9 calls");
    });
  });

  describe("with a bound on the units' answers one request may hold (GATEWAY_MAX_ANSWER_BYTES = 1 KiB)", () => {
    let small: RunningGateway;

    before(async () => {
      small = await startGateway(stack.units.urls, { maxAnswerBytes: 1024, deadlineMs: 3000 }, office);
    });
    after(async () => {
      await small?.stop();
    });

    it("drops the answer that passes the bound, makes no further call, and says so once", async () => {
      const reply = await small.query(
        `{ members(first: 20, orderBy: NAME_ASC) { edges { cursor node { id displayName } } } }`,
      );
      expect(reply.body.data ?? null).to.equal(null);
      const errors = reply.body.errors ?? [];
      expect(errors.map((e) => e.extensions?.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
      expect(errors[0]!.extensions?.maxAnswerBytes).to.equal(1024);
    });

    it("answers what fits", async () => {
      const reply = await small.query(`{ memberCount }`);
      expect(reply.body.errors).to.equal(undefined);
      expect(reply.body.data.memberCount).to.equal(48);
    });
  });

  describe("reading a member who moved (BE:m40, now FR:m1)", () => {
    let tight: RunningGateway;
    const calls: string[] = [];
    // One fetch: the member's read goes to BE, the count to every unit; BE answers MEMBER_MOVED and the gateway asks again.
    const query = `{ member(id: "BE:m40") { id } memberCount }`;

    before(async () => {
      await stack.units.dataSources.BE.query(
        `UPDATE member SET moved_to = 'FR:m1', moved_at = now(), status = 'LEFT' WHERE id = 'BE:m40'`,
      );
      tight = await startGateway(
        stack.units.urls,
        { maxUnitCalls: 9, deadlineMs: 3000, willSendUnitRequest: ({ unit }) => void calls.push(unit) },
        office,
      );
    });
    after(async () => {
      await tight?.stop();
      await stack.units.dataSources.BE.query(
        `UPDATE member SET moved_to = NULL, moved_at = NULL, status = 'ACTIVE' WHERE id = 'BE:m40'`,
      );
    });

    it("pays for the fetch asked again from the request's allowance: the first round and the second are counted", async () => {
      const reply = await stack.gateway.query(query, {}, office);
      expect(reply.body.errors).to.equal(undefined);
      expect(reply.body.data.member).to.deep.equal({ id: "FR:m1" });
      // Priced at 9; the fetch is asked again whole (nine calls more), each call paid as it goes out.
      expect(stack.unitCalls.count).to.equal(2 * FOUNDING_UNITS.length);
    });

    it("makes no call past the allowance for it: with 9 calls, the second round is not made and says so", async () => {
      const reply = await tight.query(query);
      expect(calls).to.have.length(FOUNDING_UNITS.length);
      expect(errorSummary(reply).map((e) => e.code)).to.deep.equal(["QUERY_TOO_COMPLEX"]);
    });
  });
});
