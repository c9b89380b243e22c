import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { isDatabaseUnavailable, nestingDepth } from "@smart/platform";
import { tokenFor } from "@smart/identity/testing";
import { errorSummary, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

/**
 * Issue 22, finding 8: errors that say what happened. A unit whose database
 * refuses connections is SHARD_UNAVAILABLE with reason DATABASE (retryable), not
 * INTERNAL_SERVER_ERROR as if it were a bug; year 0000 and a variable nested
 * 30,000 deep are the caller's input, 400 BAD_USER_INPUT, not 500.
 */
describe("gateway > errors that say what happened", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let office: Record<string, string>;

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), testMembers(2));
    gateway = await startGateway(units.urls, { deadlineMs: 3000 });
    office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });

  it("answers year 0000 as the caller's bad input (400 BAD_USER_INPUT), before any unit", async () => {
    const reply = await gateway.query(
      `query($from: Date!, $to: Date!) { workspace(id: "BE:w1") { availabilityRange(from: $from, to: $to) { date } } }`,
      { from: "0000-12-31", to: "2026-01-05" },
      office,
    );
    expect(reply.status).to.equal(400);
    expect(errorSummary(reply).map((e) => e.code)).to.deep.equal(["BAD_USER_INPUT"]);
  });

  it("answers a variable nested 30,000 deep as the caller's bad input (400 BAD_USER_INPUT)", async () => {
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query":"query($x: [Int]) { countries { code } }","variables":{"x":${deep}}}`,
    });
    expect(response.status).to.equal(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).to.deep.equal(["BAD_USER_INPUT"]);
    expect(nestingDepth(Buffer.from(`{"a":"[[[[","b":[[1]]}`))).to.equal(3);
  });

  describe("with FR's database refusing connections", () => {
    let database: string;
    const admin = () => units.dataSources.BE; // the same Postgres server, another database

    before(async () => {
      const [row] = await units.dataSources.FR.query<{ name: string }[]>(`SELECT current_database() AS name`);
      database = row!.name;
      await admin().query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
      await admin().query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database],
      );
    });
    after(async () => {
      await admin().query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
    });

    it("says so: a Europe-wide count carries SHARD_UNAVAILABLE naming FR, reason DATABASE, retryable", async () => {
      const reply = await gateway.query(`{ memberCount }`, {}, office);
      const errors = reply.body.errors ?? [];
      expect(
        errors.map((e) => [e.extensions?.code, e.extensions?.unit, e.extensions?.reason, e.extensions?.retryable]),
      ).to.deep.equal([["SHARD_UNAVAILABLE", "FR", "DATABASE", true]]);
    });

    it("recognises the driver's refusal as the database being unavailable, and a bad query as not", async () => {
      const refusal = await units.dataSources.FR.query(`SELECT 1`).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(refusal)).to.equal(true);
      const mistake = await admin()
        .query(`SELECT * FROM no_such_table`)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isDatabaseUnavailable(mistake)).to.equal(false);
    });
  });
});
