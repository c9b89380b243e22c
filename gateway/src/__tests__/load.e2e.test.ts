import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";

import { startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";

/** Graceful under load: shared in-flight unit calls, admission control, cacheable public answers. */

describe("gateway > under load (nine real units on Postgres)", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  let unitCalls: string[] = [];
  const bearer = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), testMembers(5)); // five a unit: an anonymous count covers at least 5 people
    gateway = await startGateway(units.urls, {
      deadlineMs: 5000,
      willSendUnitRequest: ({ unit }) => void unitCalls.push(unit),
    });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  beforeEach(() => {
    unitCalls = [];
    for (const unit of ["BE", "FR"] as const) units.slowDown(unit, 0);
  });

  describe("in-flight deduplication", () => {
    it("sends two identical queries in flight at once to the unit once, and answers both", async () => {
      units.slowDown("BE", 300);
      const [a, b] = await Promise.all([
        gateway.query(`{ memberCount(country: BE) }`),
        gateway.query(`{ memberCount(country: BE) }`),
      ]);
      expect(a.body).to.deep.equal({ data: { memberCount: 5 } });
      expect(b.body).to.deep.equal(a.body);
      expect(unitCalls).to.deep.equal(["BE"]);
    });

    it("does not share between callers: another Authorization is another call", async () => {
      units.slowDown("BE", 300);
      await Promise.all([
        gateway.query(`{ memberCount(country: BE) }`),
        gateway.query(`{ memberCount(country: BE) }`, {}, await bearer({ role: "central_office" })),
      ]);
      expect(unitCalls).to.deep.equal(["BE", "BE"]);
    });

    it("never shares a mutation", async () => {
      units.slowDown("FR", 300);
      const headers = await bearer({ role: "member", unit: "BE", sub: "BE:m1" });
      const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
      const book = () =>
        gateway.query(
          `mutation($i: BookWorkspaceInput!) { bookWorkspace(input: $i) { id } }`,
          { i: { workspaceId: "FR:w1", memberId: "BE:m1", date: day, idempotencyKey: "dedup" } },
          headers,
        );
      const [a, b] = await Promise.all([book(), book()]);
      expect(a.body.data.bookWorkspace.id).to.equal(b.body.data.bookWorkspace.id);
      // BE is asked first whether BE:m1 is a current member (a query, which two identical requests may share); FR books twice.
      expect(unitCalls.filter((unit) => unit === "FR")).to.deep.equal(["FR", "FR"]);
    });
  });

  describe("admission control", () => {
    it("answers what it cannot take at once with 503, Retry-After and OVERLOADED, writing nothing; what it admits completes", async () => {
      const tight = await startGateway(units.urls, { deadlineMs: 5000, admission: { maxWeight: 1, maxQueued: 0 } });
      try {
        units.slowDown("BE", 400);
        const staff = await bearer({ role: "unit_staff", unit: "BE" });
        const count = async () =>
          (await units.dataSources.BE.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM member`))[0]!.n;
        const before = await count();
        const emails = Array.from({ length: 4 }, (_, i) => `shed${i}@example.be`);
        const replies = await Promise.all(
          emails.map((email) =>
            fetch(tight.url, {
              method: "POST",
              headers: { "content-type": "application/json", ...staff },
              body: JSON.stringify({
                query: `mutation($i: RegisterMemberInput!) { registerMember(input: $i) { id } }`,
                variables: { i: { country: "BE", firstName: "Ana", lastName: "Shed", email, cityId: "BE:capital" } },
              }),
            }).then(async (r) => ({
              status: r.status,
              retryAfter: r.headers.get("retry-after"),
              body: (await r.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] },
            })),
          ),
        );
        const shed = replies.filter((r) => r.status === 503);
        const admitted = replies.filter((r) => r.status === 200);
        expect(admitted).to.have.length(1);
        expect(shed).to.have.length(3);
        for (const reply of shed) {
          expect(reply.retryAfter).to.equal("1");
          expect(reply.body.errors!.map((e) => e.extensions.code)).to.deep.equal(["OVERLOADED"]);
        }
        for (const reply of admitted) expect(reply.body.errors).to.equal(undefined);
        expect(await count()).to.equal(before + 1);
        // The places are given back: the next request is admitted.
        units.slowDown("BE", 0);
        expect((await tight.query(`{ memberCount(country: BE) }`)).status).to.equal(200);
      } finally {
        await tight.stop();
      }
    });
  });

  describe("cache-control", () => {
    const headersOf = async (query: string, headers: Record<string, string> = {}) => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query }),
      });
      return { cacheControl: response.headers.get("cache-control"), vary: response.headers.get("vary") };
    };

    it("lets anyone cache an anonymous answer of public data", async () => {
      expect(await headersOf(`{ cities { name } memberCount }`)).to.deep.equal({
        cacheControl: "public, max-age=30",
        vary: "authorization, origin",
      });
    });

    it("keeps private what a signed-in caller gets, a mutation, and an answer with errors", async () => {
      expect((await headersOf(`{ cities { name } }`, await bearer({ role: "central_office" }))).cacheControl).to.equal(
        "private, no-store",
      );
      expect((await headersOf(`{ members { edges { cursor } } }`)).cacheControl).to.equal("private, no-store");
      expect((await headersOf(`mutation { cancelBooking(id: "BE:b1") { id } }`)).cacheControl).to.equal(
        "private, no-store",
      );
    });
  });

  describe("public response cache (PUBLIC_RESPONSE_CACHE_SECONDS)", () => {
    it("answers a repeated anonymous query from the cache, calling no unit; a signed-in caller, an answer with errors and another language still reach the units", async () => {
      const cached = await startGateway(units.urls, {
        deadlineMs: 5000,
        responseCacheSeconds: 30,
        willSendUnitRequest: ({ unit }) => void unitCalls.push(unit),
      });
      try {
        const first = await cached.query(`{ memberCount(country: NL) }`);
        expect(unitCalls).to.deep.equal(["NL"]);
        const again = await fetch(cached.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: `{ memberCount(country: NL) }` }),
        });
        expect(await again.json()).to.deep.equal(first.body);
        expect(again.headers.get("age")).to.match(/^\d+$/);
        expect(again.headers.get("cache-control")).to.equal("public, max-age=30");
        expect(unitCalls).to.deep.equal(["NL"]);

        await cached.query(`{ memberCount(country: NL) }`, {}, await bearer({ role: "central_office" }));
        await cached.query(`{ memberCount(country: NL) }`, {}, { "accept-language": "fr" });
        expect(unitCalls).to.deep.equal(["NL", "NL", "NL"]);

        units.slowDown("BE", 0);
        const denied = `{ members(country: BE) { edges { cursor } } }`;
        await cached.query(denied);
        await cached.query(denied);
        expect(unitCalls.filter((u) => u === "BE")).to.have.length(2);
      } finally {
        await cached.stop();
      }
    });

    it("is off by default: the same anonymous query twice calls the unit twice", async () => {
      await gateway.query(`{ memberCount(country: NL) }`);
      await gateway.query(`{ memberCount(country: NL) }`);
      expect(unitCalls).to.deep.equal(["NL", "NL"]);
    });
  });
});
