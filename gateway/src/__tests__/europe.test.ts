import { expect } from "chai";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, compareKeys, foldForSort, type FoundingUnit, type OrderName } from "@smart/platform";
import { ShardRouter } from "../shardRouter/index.js";
import { fixedUnits } from "../unitDirectory/index.js";
import { readSupergraph } from "../supergraph.js";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { errorSummary, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { sortMembers, testCursors, testMembers, testRouterSecrets } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";
import { testIdentity, tokenFor } from "@smart/identity/testing";

// Different sizes per unit, so a Country answered by the wrong unit shows.
const members = testMembers((unit) => 3 + (FOUNDING_UNITS.indexOf(unit) % 4));
const everyone = () => Object.values(members).flat();

const PAGE = `query Page($first: Int, $after: String, $order: MemberOrder) {
  members(first: $first, after: $after, orderBy: $order) {
    edges { cursor node { id displayName lastName } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe("Europe end to end: gateway over nine real national units and the central office", () => {
  let units: NationalUnits;
  let central: { url: string; stop(): Promise<void> };
  let gateway: RunningGateway;
  let office: Record<string, string>;

  before(async () => {
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    gateway = await startGateway(units.urls, { centralUrl: central.url, deadlineMs: 1500 });
    office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([units?.close(), central?.stop()]);
  });
  afterEach(() => {
    for (const unit of FOUNDING_UNITS) units.slowDown(unit, 0);
  });

  /** Each unit's own page of all its members, asked directly. */
  async function unitByUnit(order: OrderName) {
    const pages = await Promise.all(
      FOUNDING_UNITS.map(async (unit) => {
        // Each unit's own staff, directly: the central office reaches a unit only through the gateway.
        const response = await fetch(units.urls[unit], {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${await tokenFor({ role: "unit_staff", unit })}`,
          },
          body: JSON.stringify({
            query: `query($o: MemberOrder) { members(first: 100, orderBy: $o) { edges { cursor node { id } } } }`,
            variables: { o: order },
          }),
        });
        const body = (await response.json()) as {
          data: { members: { edges: { cursor: string; node: { id: string } }[] } };
        };
        return body.data.members.edges;
      }),
    );
    return pages
      .flat()
      .sort((a, b) =>
        compareKeys(
          order,
          testCursors.peek(a.node.id.slice(0, 2) as FoundingUnit, a.cursor)!.key,
          testCursors.peek(b.node.id.slice(0, 2) as FoundingUnit, b.cursor)!.key,
        ),
      )
      .map((e) => e.node.id);
  }

  for (const order of ["NAME_ASC", "JOINED_DESC"] as OrderName[]) {
    it(`gives Europe-wide members (${order}) as the nine units give them one by one, merged`, async () => {
      const reply = await gateway.query(PAGE, { first: 100, order }, office);
      expect(reply.body.errors).to.equal(undefined);
      const ids = reply.body.data.members.edges.map((e: any) => e.node.id);
      expect(ids).to.deep.equal(await unitByUnit(order));
      expect(ids).to.deep.equal(sortMembers(everyone(), order).map((m) => m.id));
    });

    it(`walks Europe-wide pages (${order}) with \`after\`, every member exactly once in European order`, async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const reply: any = await gateway.query(PAGE, { first: 4, after, order }, office);
        expect(reply.body.errors).to.equal(undefined);
        const { edges, pageInfo } = reply.body.data.members;
        seen.push(...edges.map((e: any) => e.node.id));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).to.deep.equal(sortMembers(everyone(), order).map((m) => m.id));
    });
  }

  it("orders accented names by their folded form (Émery among the Es, Łęcki among the Ls), not by raw code points", async () => {
    const reply = await gateway.query(PAGE, { first: 100 }, office);
    const lastNames: string[] = reply.body.data.members.edges.map((e: any) => e.node.lastName);
    const pairs = lastNames.slice(1).map((name, i) => [lastNames[i]!, name] as const);
    expect(pairs.every(([a, b]) => foldForSort(a) <= foldForSort(b))).to.equal(true);
    // Raw code points would put every accented capital after Z: the merge must not.
    expect(pairs.some(([a, b]) => a > b)).to.equal(true);
    expect(lastNames.some((name) => /^[ÉÖØŁ]/.test(name))).to.equal(true);
  });

  it("sums memberCount over the units and lists cities in country order", async () => {
    const reply = await gateway.query(`{ memberCount cities { id name } }`, {}, office);
    expect(reply.body.errors).to.equal(undefined);
    expect(reply.body.data.memberCount).to.equal(everyone().length);
    expect(reply.body.data.cities.map((c: any) => c.id)).to.deep.equal(
      FOUNDING_UNITS.flatMap((code) => [`${code}:capital`, `${code}:harbour`]),
    );
  });

  it("joins the central directory with each unit's own figures, in the directory's order", async () => {
    const reply = await gateway.query(`{ countries { code unitName memberCount cities { id } } }`, {}, office);
    expect(reply.body.errors).to.equal(undefined);
    expect(reply.body.data.countries.map((c: any) => [c.code, c.memberCount, c.cities[0].id])).to.deep.equal(
      FOUNDING_UNITS.map((code) => [code, members[code].length, `${code}:capital`]),
    );
  });

  it("keeps the order of an entity fetch that interleaves units", async () => {
    const router = new ShardRouter({
      supergraphSdl: readSupergraph(),
      units: fixedUnits(units.urls),
      deadlineMs: 1500,
      ...testRouterSecrets,
    });
    try {
      const representations = [
        { __typename: "Member", id: "SE:m2" },
        { __typename: "City", id: "BE:harbour" },
        { __typename: "Member", id: "BE:m1" },
        { __typename: "Country", code: "SE" },
        { __typename: "Member", id: "XX:m1" },
        { __typename: "Member", id: "SE:m1" },
        { __typename: "Member", id: "BE:m999" },
      ];
      const result = await router.process({
        kind: "incoming operation",
        request: {
          query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { id } ... on City { id } ... on Country { code } } }`,
          variables: { representations },
        },
        incomingRequestContext: { request: {} },
        context: {},
      } as unknown as GraphQLDataSourceProcessOptions);
      expect(result.data?._entities).to.deep.equal([
        { id: "SE:m2" },
        { id: "BE:harbour" },
        { id: "BE:m1" },
        { code: "SE" },
        null,
        { id: "SE:m1" },
        null,
      ]);
      expect(errorSummary({ status: 200, body: result as any })).to.deep.equal([
        { code: "BAD_USER_INPUT", path: ["_entities", 4] },
      ]);
    } finally {
      await router.close();
    }
  });

  it("sends member(id) to the unit the ID names, and refuses an ID of no unit", async () => {
    const found = await gateway.query(`{ member(id: "HU:m2") { id displayName } }`, {}, office);
    expect(found.body.data.member.id).to.equal("HU:m2");
    const refused = await gateway.query(`{ member(id: "XX:1") { id } }`, {}, office);
    expect(refused.body.data).to.deep.equal({ member: null });
    expect(errorSummary(refused)).to.deep.equal([{ code: "BAD_USER_INPUT", path: ["member"] }]);
  });

  it("refuses a tampered European cursor with BAD_USER_INPUT", async () => {
    const page = await gateway.query(PAGE, { first: 3 }, office);
    const endCursor: string = page.body.data.members.pageInfo.endCursor;
    const tampered = `${endCursor.slice(0, 10)}Zz${endCursor.slice(12)}`;
    const reply = await gateway.query(PAGE, { first: 3, after: tampered }, office);
    expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["BAD_USER_INPUT"]);
  });

  it("forwards the caller's token: the units refuse member lists to anonymous callers, once", async () => {
    const reply = await gateway.query(PAGE, { first: 3 });
    expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["UNAUTHENTICATED"]);
  });

  it("refuses a forged or expired token at the gateway with HTTP 401, before any unit is asked", async () => {
    for (const token of [
      await (await testIdentity()).forged({ role: "central_office" }),
      // Expired beyond the 60 s of clock skew tolerated.
      await (async () => {
        const identity = await testIdentity();
        const now = Math.floor(Date.now() / 1000);
        return identity.signedByProvider({
          iss: identity.issuer,
          aud: "urn:smart:graph",
          sub: "central-office",
          role: "central_office",
          iat: now - 3600,
          exp: now - 120,
        });
      })(),
    ]) {
      const before = units.requestsReceived();
      const reply = await gateway.query(PAGE, { first: 3 }, { authorization: `Bearer ${token}` });
      expect(reply.status).to.equal(401);
      expect(reply.body.errors?.map((e) => e.extensions?.code)).to.deep.equal(["UNAUTHENTICATED"]);
      expect(reply.body.data ?? null).to.equal(null);
      expect(units.requestsReceived()).to.equal(before);
    }
    // The same page with a good token reaches every unit: the count above is one that moves.
    const before = units.requestsReceived();
    expect((await gateway.query(PAGE, { first: 3 }, office)).status).to.equal(200);
    expect(units.requestsReceived() - before).to.equal(FOUNDING_UNITS.length);
  });

  it("tells BE staff asking a European list to pass country: BE, and gives them BE's members, with their data, when they do", async () => {
    const staff = { authorization: `Bearer ${await tokenFor({ role: "unit_staff", unit: "BE" })}` };
    const europe = await gateway.query(`{ members(first: 100) { edges { node { id email } } } }`, {}, staff);
    expect(errorSummary(europe)).to.deep.equal([{ code: "FORBIDDEN", path: ["members"] }]);
    expect(europe.body.errors![0]!.message).to.contain("pass country: BE");
    const own = await gateway.query(`{ members(country: BE, first: 100) { edges { node { id email } } } }`, {}, staff);
    expect(own.body.errors).to.equal(undefined);
    expect(own.body.data.members.edges.map((e: any) => e.node.id)).to.have.members(members.BE.map((m) => m.id));
    expect(own.body.data.members.edges.every((e: any) => typeof e.node.email === "string")).to.equal(true);
  });

  it("lets anyone read a member's public fields across borders but not their email", async () => {
    const member = {
      authorization: `Bearer ${await tokenFor({ role: "member", unit: "FR", sub: members.FR[0]!.id })}`,
    };
    const target = members.NL[0]!.id;
    const reply = await gateway.query(
      `query($id: ID!) { member(id: $id) { displayName email } }`,
      { id: target },
      member,
    );
    expect(reply.body.data.member.displayName).to.be.a("string");
    expect(reply.body.data.member.email).to.equal(null);
    expect(errorSummary(reply).map((e) => e.code)).to.deep.equal(["FORBIDDEN"]);
    const own = await gateway.query(`query($id: ID!) { member(id: $id) { email } }`, { id: members.FR[0]!.id }, member);
    expect(own.body.errors).to.equal(undefined);
    expect(own.body.data.member.email).to.be.a("string");
  });

  it("registers a member in the unit named by input.country", async () => {
    const staff = { authorization: `Bearer ${await tokenFor({ role: "unit_staff", unit: "ES" })}` };
    const reply = await gateway.query(
      `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id displayName } }`,
      {
        input: {
          country: "ES",
          firstName: "Íñigo",
          lastName: "Ñúñez",
          email: "inigo@example.org",
          cityId: "ES:capital",
          joinedOn: "2024-02-29",
        },
      },
      staff,
    );
    expect(reply.body.errors).to.equal(undefined);
    const id: string = reply.body.data.registerMember.id;
    expect(id.startsWith("ES:")).to.equal(true);
    const count = await gateway.query(`{ memberCount(country: ES) }`);
    expect(count.body.data.memberCount).to.equal(members.ES.length + 1);
    members.ES.push({ id, firstName: "Íñigo", lastName: "Ñúñez", joinedOn: "2024-02-29" });
  });

  it("answers without a unit slower than the deadline, naming it", async () => {
    units.slowDown("IT", 2500);
    const started = Date.now();
    const reply = await gateway.query(`{ memberCount members(first: 100) { edges { node { id } } } }`, {}, office);
    expect(Date.now() - started).to.be.lessThan(2400);
    expect(reply.body.data.memberCount).to.equal(everyone().length - members.IT.length);
    expect(reply.body.data.members.edges.map((e: any) => e.node.id)).to.deep.equal(
      sortMembers(
        everyone().filter((m) => !m.id.startsWith("IT:")),
        "NAME_ASC",
      ).map((m) => m.id),
    );
    expect(errorSummary(reply)).to.have.deep.members([
      { code: "SHARD_UNAVAILABLE", unit: "IT", path: ["memberCount"] },
      { code: "SHARD_UNAVAILABLE", unit: "IT", path: ["members"] },
    ]);
  });

  it("answers without a unit stopped mid-test, naming it (and /ready says so)", async () => {
    await units.stop("DE");
    const reply = await gateway.query(`{ memberCount cities { id } }`, {}, office);
    expect(reply.body.data.memberCount).to.equal(everyone().length - members.DE.length);
    expect(reply.body.data.cities.some((c: any) => c.id.startsWith("DE:"))).to.equal(false);
    expect(errorSummary(reply)).to.have.deep.members([
      { code: "SHARD_UNAVAILABLE", unit: "DE", path: ["memberCount"] },
      { code: "SHARD_UNAVAILABLE", unit: "DE", path: ["cities"] },
    ]);
    const ready = await gateway.get("/ready");
    expect(ready.status).to.equal(503);
    expect(ready.body.targets.DE.up).to.equal(false);
    expect(ready.body.targets.central.up).to.equal(true);
  });
});
