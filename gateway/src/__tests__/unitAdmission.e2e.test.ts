import { expect } from "chai";
import { createTestDatabase, sharedTestPostgres, type PostgresServer } from "@smart/devdb";
import { FOUNDING_UNITS, listen } from "@smart/platform";
import { buildNationalServer, createDataSource, seedUnit } from "@smart/national";
import { testIdentity, tokenFor } from "@smart/identity/testing";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

/** Portugal's demo members: enough for its rows to fall on several pages of a walk. */
const PORTUGUESE_MEMBERS = 30;
const FOUNDING_MEMBERS_EACH = 4;
/** How often the gateway asks central which units are admitted, here (production: 10 s). */
const REFRESH_SECONDS = 0.25;

/** A tenth national unit, Portugal: its own database, migrated and seeded with demo members by the national service's own code. */
async function startPortugal(postgres: PostgresServer) {
  const database = await createTestDatabase(postgres, "gateway_PT");
  const dataSource = createDataSource({ url: database.url, poolSize: 3 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await seedUnit({ dataSource, unit: "PT", membersPerUnit: PORTUGUESE_MEMBERS });
  const { apollo, app } = await buildNationalServer({
    unit: "PT",
    dataSource,
    auth: (await testIdentity()).unitAuth("PT"),
    production: false,
  });
  const http = await listen(app, 0);
  return {
    url: http.url,
    async stop() {
      await http.close();
      await apollo.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** One Europe-wide page of members, and the directory's countries, in one request. */
const PAGE = `query Page($after: String) {
  countries { code }
  members(first: 10, orderBy: NAME_ASC, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A walk through every page of the list, from its first. */
interface Walk {
  startedAt: number;
  ids: string[];
  /** What `countries` answered with each page. */
  countries: string[][];
}

/**
 * Issue 25's end-to-end test: the nine founding units and Portugal running, central
 * real, the gateway asking central's directory every 0.25 s. A client reads
 * Europe-wide pages continuously through it while the central office admits
 * Portugal and retires it through another gateway (so the reader's learns of it by
 * asking central): not one request fails, Portugal's members appear once it is
 * admitted and are gone once it is retired, and `countries` follows.
 */
describe("gateway > a unit admitted and retired while a client reads Europe-wide pages (ten real units, central real)", function () {
  this.timeout(600_000);
  let units: NationalUnits;
  let portugal: Awaited<ReturnType<typeof startPortugal>>;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;
  let officeGateway: RunningGateway;
  let office: Record<string, string>;
  const members = testMembers(FOUNDING_MEMBERS_EACH);
  const foundingIds = FOUNDING_UNITS.flatMap((unit) => members[unit].map((member) => member.id)).sort();

  before(async () => {
    const postgres = await sharedTestPostgres();
    [units, portugal, central] = await Promise.all([
      startNationalUnits(postgres, members),
      startPortugal(postgres),
      startCentralOffice(postgres),
    ]);
    gateway = await startGateway(
      { ...units.urls, PT: portugal.url },
      {
        // GATEWAY_UNITS: the nine, until central says otherwise; Portugal's URL is known, not its admission.
        units: FOUNDING_UNITS,
        centralUrl: central.url,
        unitDirectoryRefreshSeconds: REFRESH_SECONDS,
        deadlineMs: 5000,
      },
    );
    // The central office's own gateway: its units fixed, it only passes the mutations on to central.
    officeGateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 5000 });
    office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
  });
  after(async () => {
    await gateway?.stop();
    await officeGateway?.stop();
    await Promise.all([units?.close(), portugal?.stop(), central?.stop()]);
  });

  it("answers every page without an error while Portugal is admitted and retired; its members come and go, and countries follows", async () => {
    const walks: Walk[] = [];
    const failures: { page: number; reply: GraphqlReply }[] = [];
    let pages = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const walk: Walk = { startedAt: Date.now(), ids: [], countries: [] };
        let after: string | null = null;
        for (;;) {
          const reply: GraphqlReply = await gateway.query(PAGE, { after }, office);
          pages++;
          if (reply.status !== 200 || reply.body.errors?.length || !reply.body.data) {
            failures.push({ page: pages, reply });
            break;
          }
          const { countries, members: page } = reply.body.data;
          walk.countries.push(countries.map((country: { code: string }) => country.code));
          walk.ids.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
          if (!page.pageInfo.hasNextPage) {
            walks.push(walk);
            break;
          }
          after = page.pageInfo.endCursor;
        }
      }
    })();
    /** The first walk begun after `since` and done, within 60 s. */
    const walkSince = async (since: number): Promise<Walk> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const walk = walks.find((w) => w.startedAt > since);
        if (walk) return walk;
        if (failures.length || Date.now() > deadline)
          throw new Error(`no walk since ${since}: ${JSON.stringify(failures)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    /** Long enough for the reader's gateway to have asked central since (a few of its rounds). */
    const settled = (at: number) => at + 4 * REFRESH_SECONDS * 1000;
    const portugueseIn = (walk: Walk) => walk.ids.filter((id) => id.startsWith("PT:"));
    const foundingIn = (walk: Walk) => walk.ids.filter((id) => !id.startsWith("PT:")).sort();
    const byNine = [...FOUNDING_UNITS];
    const withPortugal = [...FOUNDING_UNITS, "PT"].sort();
    try {
      const before = await walkSince(0);
      expect(portugueseIn(before), "before Portugal is admitted").to.deep.equal([]);
      expect(foundingIn(before)).to.deep.equal(foundingIds);
      expect(new Set(before.countries.map((codes) => codes.join()))).to.deep.equal(new Set([byNine.join()]));

      const admitted = await officeGateway.query(
        `mutation { admitUnit(input: { code: PT }) { code admission } }`,
        {},
        office,
      );
      expect(admitted.body).to.deep.equal({ data: { admitUnit: { code: "PT", admission: "ADMITTED" } } });
      const admittedAt = Date.now();
      const withIt = await walkSince(settled(admittedAt));
      const count = await gateway.query(`{ memberCount(country: PT) }`, {}, office);
      expect(count.body.errors).to.equal(undefined);
      const portugueseMembers = count.body.data.memberCount as number;
      expect(portugueseMembers).to.be.greaterThan(0);

      expect(portugueseIn(withIt), "each of Portugal's members once").to.have.length(portugueseMembers);
      expect(new Set(portugueseIn(withIt)).size).to.equal(portugueseMembers);
      expect(foundingIn(withIt)).to.deep.equal(foundingIds);
      expect(new Set(withIt.countries.map((codes) => codes.join()))).to.deep.equal(new Set([withPortugal.join()]));
      await new Promise((resolve) => setTimeout(resolve, 1100)); // /ready's last round, at most a second old
      const ready = await gateway.get("/ready");
      expect(ready.body.targets.PT, "/ready asks the unit admitted").to.deep.include({ up: true });

      const retired = await officeGateway.query(`mutation { retireUnit(code: PT) { code admission } }`, {}, office);
      expect(retired.body).to.deep.equal({ data: { retireUnit: { code: "PT", admission: "RETIRED" } } });
      const retiredAt = Date.now();
      const without = await walkSince(settled(retiredAt));
      expect(portugueseIn(without), "after Portugal is retired").to.deep.equal([]);
      expect(foundingIn(without)).to.deep.equal(foundingIds);
      expect(new Set(without.countries.map((codes) => codes.join()))).to.deep.equal(new Set([byNine.join()]));
      const refused = await gateway.query(`{ member(id: "PT:m1") { id } }`, {}, office);
      expect(refused.body.errors?.map((error) => error.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
    } finally {
      reading = false;
      await reader;
    }
    // Every walk, those the changes happened in included: each founding member once, a Portuguese member at most
    // once (a unit admitted mid-walk joins from its start), and no page failed.
    expect(failures, "failed requests").to.deep.equal([]);
    for (const walk of walks) {
      expect(foundingIn(walk)).to.deep.equal(foundingIds);
      expect(new Set(portugueseIn(walk)).size).to.equal(portugueseIn(walk).length);
    }
    expect(pages, "pages read").to.be.greaterThan(10);
  });
});
