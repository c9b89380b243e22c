import { expect } from "chai";
import { tokenFor } from "@smart/identity/testing";
import { ROUTER_PROTOCOL_VERSION, routerProtocolOf, type FoundingUnit } from "@smart/platform";
import { nationalSdl, releasedNationalSdl } from "@smart/schema";
import { startFakeUnits, type FakeUnits } from "./helpers/fakeUnits.js";
import { errorSummary, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";

const centralOffice = async () => ({ authorization: `Bearer ${await tokenFor({ role: "central_office" })}` });

/**
 * The gateway over units of two releases: FR serves the previous release's national
 * SDL (no `Member.initials`), the others this one's. (The skew run, `npm run skew`,
 * does the same with the previous release's real national service.)
 */
describe("a unit one release behind, through the gateway", () => {
  const members = testMembers(3);
  let units: FakeUnits;
  let gateway: RunningGateway;
  before(async () => {
    units = await startFakeUnits(members, { sdlOf: { FR: releasedNationalSdl() } });
    gateway = await startGateway(units.urls, { deadlineMs: 1000 }, await centralOffice());
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });

  it("answers a Europe-wide page asking a field FR lacks: null in FR's rows, one error naming FR and the field", async () => {
    const reply = await gateway.query(`{ members(first: 30) { edges { node { id initials displayName } } } }`);
    const nodes: { id: string; initials: string | null; displayName: string }[] = reply.body.data.members.edges.map(
      (e: any) => e.node,
    );
    expect(nodes).to.have.length(27);
    for (const node of nodes) {
      if (node.id.startsWith("FR:")) expect(node.initials, node.id).to.equal(null);
      else expect(node.initials, node.id).to.be.a("string").with.length(2);
      expect(node.displayName).to.be.a("string");
    }
    expect(errorSummary(reply)).to.deep.equal([{ code: "UNIT_LACKS_FIELD", unit: "FR", path: ["members"] }]);
    expect(reply.body.errors![0]!.extensions!.field).to.equal("Member.initials");
    // FR's call never asked for it: its schema would refuse the whole call.
    const frCalls = units.calls.filter((call) => call.unit === "FR");
    expect(frCalls.length).to.be.greaterThan(0);
    for (const call of frCalls) expect(call.body.query).not.to.include("initials");
  });

  it("answers an FR member with what FR serves", async () => {
    const reply = await gateway.query(`{ member(id: "FR:m1") { id displayName initials } }`);
    expect(reply.body.data.member).to.deep.include({ id: "FR:m1", initials: null });
    expect(reply.body.data.member.displayName).to.be.a("string");
    expect(errorSummary(reply)).to.deep.equal([{ code: "UNIT_LACKS_FIELD", unit: "FR", path: ["member"] }]);
  });

  it("asks nothing of the lacked field where no unit lacks it", async () => {
    const reply = await gateway.query(`{ member(id: "BE:m1") { id initials } }`);
    expect(reply.body.errors).to.equal(undefined);
    expect(reply.body.data.member.initials).to.be.a("string");
  });
});

/** Units the gateway cannot plan for: each is not called, its part SHARD_UNAVAILABLE (INCOMPATIBLE), and the others answer. */
const incompatibleUnits: { title: string; unit: FoundingUnit; units: Parameters<typeof startFakeUnits>[1] }[] = [
  {
    title: "a unit speaking a router protocol this gateway does not (beside one declaring this release's)",
    unit: "NL",
    units: { protocolOf: { NL: ROUTER_PROTOCOL_VERSION + 1, BE: ROUTER_PROTOCOL_VERSION } },
  },
  {
    title: "a unit whose schema changes what the graph relies on",
    unit: "SE",
    units: { sdlOf: { SE: nationalSdl().replace("  displayName: String!\n", "  displayName: Int\n") } },
  },
];

for (const { title, unit, units: unitOptions } of incompatibleUnits) {
  describe(title, () => {
    let units: FakeUnits;
    let gateway: RunningGateway;
    before(async () => {
      units = await startFakeUnits(testMembers(2), unitOptions);
      gateway = await startGateway(units.urls, { deadlineMs: 1000 }, await centralOffice());
    });
    after(async () => {
      await gateway?.stop();
      await units?.close();
    });

    it("is not called: unavailable, saying why, and the others answer", async () => {
      units.calls.length = 0;
      const reply = await gateway.query(`{ members(first: 30) { edges { node { id } } } }`);
      expect(errorSummary(reply)).to.deep.equal([{ code: "SHARD_UNAVAILABLE", unit, path: ["members"] }]);
      expect(reply.body.errors![0]!.extensions!.reason).to.equal("INCOMPATIBLE");
      expect(reply.body.data.members.edges).to.have.length(16);
      expect(units.calls.filter((call) => call.unit === unit)).to.deep.equal([]);
    });
  });
}

describe("the router protocol a unit declares", () => {
  it("is version 1 when it declares none (the release before versions), else the number it gives", () => {
    expect(routerProtocolOf(undefined)).to.equal(1);
    expect(routerProtocolOf("2")).to.equal(2);
    expect(routerProtocolOf(3)).to.equal(3);
    expect(routerProtocolOf("two")).to.equal(undefined);
  });
});
