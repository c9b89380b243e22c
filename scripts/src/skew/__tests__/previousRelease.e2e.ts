/**
 * The previous release's national service (release/previous, built by `npm run skew`,
 * which names its checkout in SKEW_PREVIOUS_DIR) as the FR unit — its own database,
 * migrated and seeded by its own code — beside this release's other eight units,
 * central office and gateway, each its own process. Run by `npm run skew` only.
 */
import { expect } from "chai";
import { createDataSource, runMigrations } from "@smart/national";
import { FOUNDING_UNITS } from "@smart/platform";
import { startRunningStack, type RunningStack } from "../../__tests__/europe/runningStack.js";

const MEMBERS_PER_UNIT = 40;
const OLD = "FR";
const previousDir = process.env.SKEW_PREVIOUS_DIR;

type Reply = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const codes = (reply: Reply) => (reply.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.unit]);
const PAGE = `query ($after: String) { members(first: 50, after: $after) { edges { node { id displayName country { code } } } pageInfo { hasNextPage endCursor } } }`;

describe(`a unit one release behind (${OLD}) beside this release`, function () {
  let stack: RunningStack;
  let office: string;
  before(async function () {
    if (!previousDir)
      throw new Error(
        "SKEW_PREVIOUS_DIR names the previous release's built checkout: run this suite with `npm run skew`.",
      );
    this.timeout(600_000);
    stack = await startRunningStack(MEMBERS_PER_UNIT, { otherRelease: { [OLD]: previousDir } });
    office = await stack.bearer({ role: "central_office" });
  });
  after(async function () {
    this.timeout(60_000);
    await stack?.stop();
  });

  it("runs the previous release in FR: it declares no router protocol (version 1), this release's units version 2", async () => {
    const health = async (url: string) =>
      (await fetch(new URL("/health", url))).json() as Promise<{ protocol?: number }>;
    expect((await health(stack.unitUrls[OLD])).protocol).to.equal(undefined);
    expect((await health(stack.unitUrls.BE)).protocol).to.equal(2);
  });

  it("walks a Europe-wide list of members page by page, FR's among them, each member once", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const reply: Reply = await stack.query(PAGE, { after }, office);
      expect(codes(reply)).to.deep.equal([]);
      const members = reply.data.members;
      seen.push(...members.edges.map((e: { node: { id: string } }) => e.node.id));
      after = members.pageInfo.hasNextPage ? members.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).to.equal(seen.length);
    const total = await stack.query(`{ memberCount }`, {}, office);
    expect(codes(total)).to.deep.equal([]);
    expect(seen).to.have.length(total.data.memberCount);
    expect(seen.filter((id) => id.startsWith(`${OLD}:`)).length).to.be.greaterThan(0);
  });

  it("counts and groups Europe-wide with FR's part", async () => {
    const reply = await stack.query(
      `{ memberCount fr: memberCount(country: FR) memberStats(groupBy: [COUNTRY]) { country count } cities { id } }`,
      {},
      office,
    );
    expect(codes(reply)).to.deep.equal([]);
    const groups: { country: string; count: number }[] = reply.data.memberStats;
    expect(groups.map((g) => g.country).sort()).to.deep.equal([...FOUNDING_UNITS].sort());
    expect(groups.reduce((sum, g) => sum + g.count, 0)).to.equal(reply.data.memberCount);
    expect(groups.find((g) => g.country === OLD)!.count).to.equal(reply.data.fr);
    expect(reply.data.cities.some((c: { id: string }) => c.id.startsWith(`${OLD}:`))).to.equal(true);
  });

  it("answers a field FR lacks (Member.initials) null in FR's rows, with one error naming FR and the field", async () => {
    const reply = await stack.query(
      `{ members(first: 100) { edges { node { id initials displayName } } } }`,
      {},
      office,
    );
    expect(codes(reply)).to.deep.equal([["UNIT_LACKS_FIELD", OLD]]);
    expect(reply.errors![0]!.extensions).to.include({ field: "Member.initials" });
    const nodes: { id: string; initials: string | null; displayName: string }[] = reply.data.members.edges.map(
      (e: { node: unknown }) => e.node,
    );
    expect(nodes.filter((n) => n.id.startsWith(`${OLD}:`)).length).to.be.greaterThan(0);
    for (const node of nodes) {
      expect(node.displayName, node.id).to.be.a("string");
      if (node.id.startsWith(`${OLD}:`)) expect(node.initials, node.id).to.equal(null);
      else expect(node.initials, node.id).to.be.a("string");
    }
    const one = await stack.query(`{ member(id: "${OLD}:m1") { id displayName initials } }`, {}, office);
    expect(one.data.member).to.include({ id: `${OLD}:m1`, initials: null });
    expect(codes(one)).to.deep.equal([["UNIT_LACKS_FIELD", OLD]]);
  });

  it("books desks across the two releases: an FR member in BE and in FR, a BE member in FR", async () => {
    const workspace = async (country: string) => {
      const reply = await stack.query(
        `{ workspaces(country: ${country}, first: 1, filter: { status: OPEN }) { edges { node { id } } } }`,
        {},
        office,
      );
      expect(codes(reply)).to.deep.equal([]);
      return reply.data.workspaces.edges[0].node.id as string;
    };
    // The seed books desks too: the first day from a week ahead on which the member has none there.
    const book = async (memberId: string, workspaceId: string) => {
      const token = await stack.bearer({ role: "member", unit: memberId.slice(0, 2), sub: memberId });
      for (let days = 7; days < 90; days++) {
        const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
        const reply = await stack.query(
          `mutation ($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id date member { id displayName } workspace { id } } }`,
          { input: { workspaceId, memberId, date, idempotencyKey: `skew-${memberId}-${workspaceId}-${date}` } },
          token,
        );
        if (codes(reply).some(([code]) => code === "CONFLICT")) continue;
        expect(codes(reply), JSON.stringify(reply.errors)).to.deep.equal([]);
        expect(reply.data.bookWorkspace.member.id).to.equal(memberId);
        return reply.data.bookWorkspace.id as string;
      }
      throw new Error(`${memberId} found no free day in ${workspaceId}`);
    };
    const [fr, be] = [await workspace(OLD), await workspace("BE")];
    const ids = [await book(`${OLD}:m1`, be), await book(`${OLD}:m1`, fr), await book("BE:m1", fr)];
    expect(ids.map((id) => id.slice(0, 2))).to.deep.equal(["BE", OLD, OLD]);
    const mine = await stack.query(`{ booking(id: "${ids[1]}") { id member { id } } }`, {}, office);
    expect(codes(mine)).to.deep.equal([]);
    expect(mine.data.booking.member.id).to.equal(`${OLD}:m1`);
  });

  it("transfers a member into FR and back out, their old IDs followed", async () => {
    const transfer = async (memberId: string, to: string) => {
      const reply = await stack.query(
        `mutation ($id: ID!, $to: CountryCode!) { transferMember(memberId: $id, to: $to) { status fromId toId member { id displayName } } }`,
        { id: memberId, to },
        office,
      );
      expect(codes(reply), JSON.stringify(reply.errors)).to.deep.equal([]);
      expect(reply.data.transferMember.status).to.equal("DONE");
      return reply.data.transferMember.toId as string;
    };
    const candidate = await stack.query(
      `{ members(country: BE, first: 20, filter: { category: A }) { edges { node { id } } } }`,
      {},
      office,
    );
    const from = candidate.data.members.edges.at(-1).node.id as string;
    const inFr = await transfer(from, OLD);
    expect(inFr.startsWith(`${OLD}:`)).to.equal(true);
    const followed = await stack.query(`{ member(id: "${from}") { id } }`, {}, office);
    expect(followed.data.member.id).to.equal(inFr);
    const back = await transfer(inFr, "DE");
    expect(back.startsWith("DE:")).to.equal(true);
    const again = await stack.query(`{ member(id: "${inFr}") { id } }`, {}, office);
    expect(again.data.member.id).to.equal(back);
  });

  it("erases an FR member: FR takes no places yet (the gateway asks again without them) and records its own, done everywhere", async () => {
    const reply = await stack.query(
      `mutation { eraseMember(memberId: "${OLD}:m7", reason: "skew") { status units pendingUnits } }`,
      {},
      office,
    );
    expect(codes(reply), JSON.stringify(reply.errors)).to.deep.equal([]);
    expect(reply.data.eraseMember).to.deep.include({ status: "DONE", pendingUnits: [] });
    expect(reply.data.eraseMember.units).to.deep.equal([...FOUNDING_UNITS, "central"]);
  });

  // Last: it changes FR's schema under the running unit.
  it("keeps answering once this release's migrations ran on FR's database (expand only: docs/releases.md)", async function () {
    this.timeout(120_000);
    const dataSource = createDataSource({ url: stack.postgres.urlOf(OLD), poolSize: 1 });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    const reply = await stack.query(
      `{ members(country: FR, first: 5) { edges { node { id displayName city { name } } } } memberCount(country: FR) }`,
      {},
      office,
    );
    expect(codes(reply)).to.deep.equal([]);
    expect(reply.data.members.edges).to.have.length(5);
  });
});
