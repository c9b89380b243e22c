import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import {
  createGatewaySigner,
  DEVELOPMENT_GATEWAY_KEY_ID,
  developmentPublicKeys,
  developmentSigningKey,
  generateGatewayKeyPair,
  publicKeysFromJwks,
  signingKeyFromPem,
  VIEWER_HEADER,
  viewerHeader,
  type Viewer,
} from "@smart/platform";
import { tokenFor } from "@smart/identity/testing";
import type { Member } from "../entity/index.js";
import { insertFixture, startUnit, type GatewayCall, type GraphqlResponse, type RunningUnit } from "./unitFixture.js";

/**
 * What a unit accepts from whom when reached directly (unit staff do) or through
 * the gateway (signed): the attacks of the trust-boundary review, each refused.
 */
type Caller = Exclude<Viewer, { role: "anonymous" }> | undefined;
const callers: Record<string, Caller> = {
  anonymous: undefined,
  "member BE:m5 (self)": { role: "member", unit: "BE", sub: "BE:m5" },
  "member BE:m2": { role: "member", unit: "BE", sub: "BE:m2" },
  "staff BE": { role: "unit_staff", unit: "BE" },
  "staff FR": { role: "unit_staff", unit: "FR" },
  "central office": { role: "central_office" },
};
const codeOf = (response: GraphqlResponse) => response.body.errors?.[0]?.extensions?.code ?? "ok";
const readers = new Set(["staff BE", "central office"]);

describe("national > trust boundary", () => {
  let unit: RunningUnit;
  let members: Member[];

  before(async () => {
    unit = await startUnit(await sharedTestPostgres(), "BE");
    members = await insertFixture(unit.dataSource, "BE", 40);
  });
  after(() => unit?.stop());

  describe("filters on protected fields: only for who may read the field, refused before any SQL", () => {
    const filters: Record<string, string> = {
      status: `status: SUSPENDED`,
      category: `category: B`,
      joinedFrom: `joinedFrom: "2020-01-01"`,
      joinedTo: `joinedTo: "2020-01-01"`,
    };
    for (const [field, filter] of Object.entries(filters)) {
      for (const [name, caller] of Object.entries(callers)) {
        const outcome = readers.has(name) ? "ok" : "FORBIDDEN";
        it(`${field}, ${name}: ${outcome}`, async () => {
          const before = unit.sqlCount();
          const count = await unit.query(`{ memberCount(filter: { ${filter}, cityId: "BE:capital" }) }`, {}, caller);
          expect(codeOf(count), JSON.stringify(count.body.errors)).to.equal(outcome);
          if (outcome !== "ok") {
            expect(count.body.errors![0]!.message).to.match(new RegExp(`^filter\\.${field}: you may not filter`));
            expect(unit.sqlCount()).to.equal(before);
          }
          const list = await unit.query(`{ members(filter: { ${filter} }) { edges { node { id } } } }`, {}, caller);
          if (outcome === "ok") expect(codeOf(list)).to.equal("ok");
          else expect(codeOf(list)).to.be.oneOf(["FORBIDDEN", "UNAUTHENTICATED"]);
        });
      }
    }

    it("keeps public filters (city, activeIn) open to everyone on counts, and names on lists to who may list", async () => {
      for (const caller of Object.values(callers)) {
        expect(
          codeOf(
            await unit.query(`{ memberCount(filter: { cityId: "BE:capital", activeAbroad: false }) }`, {}, caller),
          ),
        ).to.equal("ok");
      }
      expect(
        codeOf(
          await unit.query(
            `{ members(filter: { nameContains: "a" }) { edges { node { id } } } }`,
            {},
            callers["member BE:m2"],
          ),
        ),
      ).to.equal("ok");
    });
  });

  describe("signed gateway traffic", () => {
    const routerQuery = `{ __sr_member_0: memberCount __sr_member_1: memberCount }`;
    const now = Math.floor(Date.now() / 1000);
    const stranger = generateGatewayKeyPair("stranger");
    const cases: [string, boolean | GatewayCall, number, string][] = [
      ["unsigned (a direct caller)", false, 400, "BAD_USER_INPUT"],
      ["signed by the gateway", true, 200, "ok"],
      [
        "signed with a key of unknown kid",
        { key: signingKeyFromPem(stranger.privateKeyPem, "stranger") },
        401,
        "UNAUTHENTICATED",
      ],
      [
        "signed by another key under the gateway's kid",
        { key: signingKeyFromPem(stranger.privateKeyPem, DEVELOPMENT_GATEWAY_KEY_ID) },
        401,
        "UNAUTHENTICATED",
      ],
      ["replayed 61 s after it was signed", { now: now - 61 }, 401, "UNAUTHENTICATED"],
      ["signed for FR", { target: "FR" }, 401, "UNAUTHENTICATED"],
      ["signed for central", { target: "central" }, 401, "UNAUTHENTICATED"],
    ];
    for (const [label, asGateway, status, code] of cases) {
      it(`a request using the router's names, ${label}: HTTP ${status} ${code}`, async () => {
        const response = await unit.query(routerQuery, {}, callers["staff BE"], asGateway);
        expect(response.status).to.equal(status);
        expect(codeOf(response)).to.equal(code);
        if (code === "ok") expect(response.body.data).to.deep.equal({ __sr_member_0: 40, __sr_member_1: 40 });
        if (code === "UNAUTHENTICATED") expect(response.body.errors![0]!.message).to.match(/^Gateway signature: /);
      });
    }

    /** Sends exactly the same bytes and headers as the gateway signed once. */
    const signedOnce = (query: string, viewer: Caller) => {
      const body = JSON.stringify({ query });
      const caller: Record<string, string> = {
        "accept-language": "*",
        ...(viewer ? { [VIEWER_HEADER]: viewerHeader(viewer)! } : {}),
      };
      const headers = {
        "content-type": "application/json",
        ...caller,
        ...createGatewaySigner(developmentSigningKey()).sign({ url: unit.url, target: "BE", headers: caller, body }),
      };
      return async () => {
        const response = await fetch(unit.url, { method: "POST", headers, body });
        return { status: response.status, body: (await response.json()) as GraphqlResponse["body"] };
      };
    };

    it("refuses the identical query sent again (its nonce), 401", async () => {
      const send = signedOnce(routerQuery, callers["staff BE"]);
      expect(codeOf(await send())).to.equal("ok");
      const replay = await send();
      expect(replay.status).to.equal(401);
      expect(replay.body.errors![0]!.message).to.match(/nonce already used/);
    });

    it("refuses the identical mutation sent again, and runs it once", async () => {
      const count = async () => (await unit.dataSource.query(`SELECT count(*)::int AS n FROM member`))[0].n as number;
      const before = await count();
      const send = signedOnce(
        `mutation { registerMember(input: { country: BE, firstName: "Ren", lastName: "Play", email: "ren.play@be.example", category: A, cityId: "BE:capital", joinedOn: "2001-01-01" }) { id } }`,
        callers["staff BE"],
      );
      expect(codeOf(await send())).to.equal("ok");
      const replay = await send();
      expect(replay.status).to.equal(401);
      expect(codeOf(replay)).to.equal("UNAUTHENTICATED");
      expect(await count()).to.equal(before + 1);
    });

    it("reads the caller from the signed x-smart-viewer only: an Authorization beside it is ignored", async () => {
      const office = `Bearer ${await tokenFor({ role: "central_office" })}`;
      const query = `{ member(id: "BE:m5") { id email } }`;
      const anonymous = await unit.query(query, {}, undefined, { headers: { authorization: office } });
      expect(anonymous.body.data?.member ?? null, "as anonymous").to.equal(null);
      expect(codeOf(anonymous)).to.equal("UNAUTHENTICATED");
      const staff = await unit.query(query, {}, callers["staff BE"], {
        headers: { authorization: "Bearer not-even-a-token" },
      });
      expect(staff.body.data.member.email).to.be.a("string");
    });

    it("ignores an x-smart-viewer that no signature covers: an unsigned call is the token's, or anonymous", async () => {
      const response = await fetch(unit.url, {
        method: "POST",
        headers: { "content-type": "application/json", [VIEWER_HEADER]: '{"role":"central_office"}' },
        body: JSON.stringify({ query: `{ member(id: "BE:m5") { email } }` }),
      });
      const body = (await response.json()) as GraphqlResponse["body"];
      expect(body.errors![0]!.extensions!.code).to.equal("UNAUTHENTICATED");
    });

    it("accepts either public key during a rotation, chosen by kid", async () => {
      const next = generateGatewayKeyPair("gateway-next");
      const rotated = await startUnit(await sharedTestPostgres(), "BE", {
        gatewayKeys: [...developmentPublicKeys(), ...publicKeysFromJwks(next.publicJwks)],
      });
      try {
        expect(codeOf(await rotated.query(routerQuery, {}, callers["staff BE"], true))).to.equal("ok");
        expect(
          codeOf(
            await rotated.query(routerQuery, {}, callers["staff BE"], {
              key: signingKeyFromPem(next.privateKeyPem, "gateway-next"),
            }),
          ),
        ).to.equal("ok");
        expect(
          codeOf(
            await rotated.query(routerQuery, {}, callers["staff BE"], {
              key: signingKeyFromPem(stranger.privateKeyPem, "gateway-next"),
            }),
          ),
        ).to.equal("UNAUTHENTICATED");
      } finally {
        await rotated.stop();
      }
    });
  });

  describe("the gateway's own work (a service viewer, on its signed calls only)", () => {
    const INDICATORS = { role: "service", work: "indicators" } as const;
    const MEMBER_RIGHTS = { role: "service", work: "member_rights" } as const;
    const pseudonym = "BE:erased-00000000-0000-0000-0000-000000000000";
    const requests: [string, string, Record<"indicators" | "member_rights", string>][] = [
      [
        "count active members",
        `{ memberCount(filter: { status: ACTIVE }) }`,
        { indicators: "ok", member_rights: "FORBIDDEN" },
      ],
      [
        "count active members abroad",
        `{ memberCount(filter: { status: ACTIVE, activeAbroad: true }) }`,
        { indicators: "ok", member_rights: "FORBIDDEN" },
      ],
      [
        "count one name's status",
        `{ memberCount(filter: { status: SUSPENDED, nameContains: "a" }) }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "read cities and workspaces",
        `{ cities { id } workspaces(first: 5) { edges { node { operator } } } }`,
        { indicators: "ok", member_rights: "ok" },
      ],
      [
        "list members",
        `{ members(first: 5) { edges { node { id } } } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "read a member's email",
        `{ member(id: "BE:m5") { email } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "read bookings",
        `{ bookings(member: "BE:m5") { id } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "read an access log",
        `{ personalDataAccessLog(memberId: "BE:m5") { at } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "read the member-rights backlog",
        `{ memberRightsBacklog { kind memberId } }`,
        { indicators: "FORBIDDEN", member_rights: "ok" },
      ],
      [
        "read an erasure's record",
        `{ memberErasure(id: "BE:m5") { memberId } }`,
        { indicators: "FORBIDDEN", member_rights: "ok" },
      ],
      [
        "read a transfer's record",
        `{ memberTransferRecord(id: "BE:m5") { transferId } }`,
        { indicators: "FORBIDDEN", member_rights: "ok" },
      ],
      [
        "begin an erasure",
        `mutation { eraseMemberRecord(id: "BE:m5", reason: "x") { memberId } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "begin a transfer",
        `mutation { beginMemberTransfer(id: "BE:m5", to: FR, shares: 1) { transferId } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
      [
        "unlink bookings of an erasure",
        `mutation { unlinkMemberBookings(unit: BE, memberId: "FR:m1", pseudonym: "${pseudonym}") }`,
        { indicators: "FORBIDDEN", member_rights: "ok" },
      ],
      [
        "update a member",
        `mutation { updateMember(id: "BE:m5", input: { phone: "+3200000000" }) { id } }`,
        { indicators: "FORBIDDEN", member_rights: "FORBIDDEN" },
      ],
    ];
    for (const [label, query, outcomes] of requests) {
      for (const viewer of [INDICATORS, MEMBER_RIGHTS]) {
        it(`${viewer.work}: ${label}: ${outcomes[viewer.work]}`, async () => {
          const response = await unit.query(query, {}, viewer, true);
          expect(codeOf(response), JSON.stringify(response.body.errors)).to.equal(outcomes[viewer.work]);
        });
      }
    }

    it("writes nothing when refused, and logs no personal read", async () => {
      const before = JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`));
      const logged = await unit.dataSource.query(`SELECT count(*)::int AS n FROM personal_data_access`);
      await unit.query(
        `mutation { eraseMemberRecord(id: "BE:m6", reason: "x") { memberId } }`,
        {},
        MEMBER_RIGHTS,
        true,
      );
      await unit.query(`{ member(id: "BE:m6") { email phone } }`, {}, INDICATORS, true);
      expect(JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`))).to.equal(before);
      expect(await unit.dataSource.query(`SELECT count(*)::int AS n FROM personal_data_access`)).to.deep.equal(logged);
    });

    it("is refused to the central office, now that the backlog is the retry worker's", async () => {
      expect(
        codeOf(await unit.query(`{ memberRightsBacklog { kind } }`, {}, callers["central office"], true)),
      ).to.equal("FORBIDDEN");
    });
  });

  describe("cursors", () => {
    it("carry no sort key: a JOINED_DESC cursor shows staff no join date in clear; a member may not list in join order at all", async () => {
      const { body } = await unit.query(
        `{ members(first: 3, orderBy: JOINED_DESC) { edges { cursor node { id joinedOn } } } }`,
        {},
        callers["staff BE"],
      );
      const edges = body.data.members.edges as { cursor: string; node: { id: string } }[];
      expect(edges).to.have.length(3);
      for (const { cursor, node } of edges) {
        const joined = members.find((m) => m.id === node.id)!.joinedOn;
        const decoded = Buffer.from(cursor, "base64url").toString("latin1");
        expect(decoded).not.to.include(joined);
        expect(decoded).not.to.include(node.id);
      }
      const member = await unit.query(
        `{ members(first: 3, orderBy: JOINED_DESC) { edges { cursor } } }`,
        {},
        callers["member BE:m2"],
      );
      expect(codeOf(member)).to.equal("FORBIDDEN");
    });

    it("refuse a forged cursor holding a chosen key with BAD_USER_INPUT", async () => {
      const forged = Buffer.from(JSON.stringify({ o: "NAME_ASC", k: ["a", "BE:m1"] })).toString("base64url");
      const response = await unit.query(
        `query($a: String) { members(after: $a) { edges { cursor } } }`,
        { a: forged },
        callers["staff BE"],
      );
      expect(codeOf(response)).to.equal("BAD_USER_INPUT");
    });
  });

  describe("control characters", () => {
    for (const [label, query, variables] of [
      ["a NUL in nameContains", `query($n: String) { memberCount(filter: { nameContains: $n }) }`, { n: "Noor\u0000" }],
      ["a NUL in a literal", `{ memberCount(filter: { nameContains: "a\\u0000b" }) }`, {}],
      ["a NUL in a cursor", `query($a: String) { members(after: $a) { edges { cursor } } }`, { a: "abc\u0000" }],
      [
        "an escape in a nested input",
        `mutation($i: UpdateMemberInput!) { updateMember(id: "BE:m5", input: $i) { id } }`,
        { i: { phone: "+32\u001b[2J" } },
      ],
    ] as const) {
      it(`refuses ${label} with BAD_USER_INPUT (HTTP 400), not an internal error`, async () => {
        const before = JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`));
        const response = await unit.query(query, variables, callers["staff BE"]);
        expect(response.status).to.equal(400);
        expect(codeOf(response)).to.equal("BAD_USER_INPUT");
        expect(response.body.errors![0]!.message).to.match(/control characters/);
        expect(JSON.stringify(await unit.dataSource.query(`SELECT * FROM member ORDER BY id`))).to.equal(before);
      });
    }

    it("keeps tabs and line breaks", async () => {
      expect(
        codeOf(
          await unit.query(
            `query($n: String) { memberCount(filter: { nameContains: $n }) }`,
            { n: "a\tb\r\nc" },
            callers["staff BE"],
          ),
        ),
      ).to.equal("ok");
    });
  });

  describe("no probing of registered emails", () => {
    it("tells a member changing their own email the same, whether the address is taken or not, and changes nothing", async () => {
      const self = callers["member BE:m5 (self)"];
      const taken = await unit.query(
        `mutation { updateMember(id: "BE:m5", input: { email: "${members[0]!.email}" }) { id } }`,
        {},
        self,
      );
      const free = await unit.query(
        `mutation { updateMember(id: "BE:m5", input: { email: "nobody-has-this@example.be" }) { id } }`,
        {},
        self,
      );
      expect(codeOf(taken)).to.equal("FORBIDDEN");
      expect(taken.body.errors![0]!.message).to.equal(free.body.errors![0]!.message);
      const [row] = await unit.dataSource.query<{ email: string }[]>(`SELECT email FROM member WHERE id = 'BE:m5'`);
      expect(row!.email).to.equal(members.find((m) => m.id === "BE:m5")!.email);
    });
  });
});
