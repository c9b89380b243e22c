import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import {
  createGatewaySigner,
  developmentSigningKey,
  VIEWER_HEADER,
  viewerHeader,
  type SignatureTarget,
  type Viewer,
} from "@smart/platform";
import { startCentralTestServer, type CentralTestServer } from "./support/centralTestServer.js";

type Reply = {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
};

/**
 * What central accepts from the gateway: calls signed for central (a call signed
 * for a unit is worth nothing here, nor the same call twice), the caller named
 * inside them, and the gateway's retry worker doing its two steps and nothing else.
 */
describe("central > the gateway's signed calls", () => {
  let central: CentralTestServer;
  before(async () => {
    central = await startCentralTestServer(await sharedTestPostgres(), "signature");
  });
  after(() => central?.stop());

  /** A call as the gateway signs it for `target`, sent once per `send()`. */
  const signed = (query: string, viewer: Viewer, target: SignatureTarget = "central") => {
    const body = JSON.stringify({ query });
    const caller: Record<string, string> = {
      "accept-language": "*",
      ...(viewerHeader(viewer) ? { [VIEWER_HEADER]: viewerHeader(viewer)! } : {}),
    };
    const headers = {
      "content-type": "application/json",
      ...caller,
      ...createGatewaySigner(developmentSigningKey()).sign({ url: central.url, target, headers: caller, body }),
    };
    return async (): Promise<Reply> => {
      const response = await fetch(central.url, { method: "POST", headers, body });
      return { status: response.status, body: (await response.json()) as Reply["body"] };
    };
  };
  const codeOf = (reply: Reply) => reply.body.errors?.[0]?.extensions?.code ?? "ok";
  const RELINK = `mutation { relinkSipMember(from: "BE:m999", to: "FR:m999") }`;
  const PSEUDONYMISE = `mutation { pseudonymiseMember(memberId: "BE:m998", pseudonym: "BE:erased-00000000-0000-0000-0000-000000000000") }`;

  it("refuses a call signed for a unit (401), and the identical call twice", async () => {
    const forBE = await signed(`{ countries { code } }`, { role: "anonymous" }, "BE")();
    expect(forBE.status).to.equal(401);
    expect(forBE.body.errors![0]!.message).to.match(/signed for "BE", and this is central/);
    const send = signed(RELINK, { role: "central_office" });
    expect(codeOf(await send())).to.equal("ok");
    const replay = await send();
    expect(replay.status).to.equal(401);
    expect(replay.body.errors![0]!.message).to.match(/nonce already used/);
  });

  const cases: [string, Viewer, string, string][] = [
    ["the retry worker relinks a moved member's SIP records", { role: "service", work: "member_rights" }, RELINK, "ok"],
    [
      "the retry worker pseudonymises an erased member's",
      { role: "service", work: "member_rights" },
      PSEUDONYMISE,
      "ok",
    ],
    ["the indicators may not relink", { role: "service", work: "indicators" }, RELINK, "FORBIDDEN"],
    ["the indicators may not pseudonymise", { role: "service", work: "indicators" }, PSEUDONYMISE, "FORBIDDEN"],
    [
      "the indicators read Smart In Progress's figures",
      { role: "service", work: "indicators" },
      `{ sipParticipation { participants cycles } }`,
      "ok",
    ],
    [
      "the retry worker may not read a member's participation",
      { role: "service", work: "member_rights" },
      `{ sipParticipations(memberId: "BE:m1") { id } }`,
      "FORBIDDEN",
    ],
  ];
  for (const [label, viewer, query, outcome] of cases) {
    it(`${label}: ${outcome}`, async () => {
      const reply = await signed(query, viewer)();
      expect(codeOf(reply), JSON.stringify(reply.body.errors)).to.equal(outcome);
    });
  }

  describe("a member's Smart In Progress steps", () => {
    const member = (sub: string): Viewer => ({ role: "member", unit: sub.slice(0, 2), sub });
    const join = (sub: string) =>
      signed(`mutation { addWorkingGroupParticipant(workingGroupId: "EU:wg-signed") { id } }`, member(sub))();
    const participants = async () =>
      (
        await central.dataSource.query(
          `SELECT member_id FROM working_group_participant WHERE working_group_id = 'EU:wg-signed' ORDER BY 1`,
        )
      ).map((row: { member_id: string }) => row.member_id);
    before(async () => {
      await central.dataSource.query(
        `INSERT INTO sip_cycle (id, year, theme, status) VALUES ('EU:sip-2031', 2031, 'Signed', 'OPEN')`,
      );
      await central.dataSource.query(
        `INSERT INTO working_group (id, cycle_id, city_id, topic) VALUES ('EU:wg-signed', 'EU:sip-2031', 'FR:lyon', 'Steps')`,
      );
    });
    after(() => central.dataSource.query(`DELETE FROM sip_cycle WHERE id = 'EU:sip-2031'`));

    it("are the member's own, as the gateway names them; staff and the central office may not take them", async () => {
      expect(codeOf(await join("BE:m501"))).to.equal("ok");
      for (const viewer of [{ role: "unit_staff", unit: "BE" }, { role: "central_office" }] as Viewer[]) {
        expect(
          codeOf(
            await signed(`mutation { addWorkingGroupParticipant(workingGroupId: "EU:wg-signed") { id } }`, viewer)(),
          ),
        ).to.equal("FORBIDDEN");
      }
      expect(await participants()).to.deep.equal(["BE:m501"]);
    });

    it("are refused under an ID the member left behind (moved or erased), and the relink keeps a row their new ID holds already", async () => {
      expect(codeOf(await join("BE:m502"))).to.equal("ok");
      expect(codeOf(await join("FR:m502"))).to.equal("ok");
      expect(
        codeOf(
          await signed(`mutation { relinkSipMember(from: "BE:m502", to: "FR:m502") }`, { role: "central_office" })(),
        ),
      ).to.equal("ok");
      expect(codeOf(await join("BE:m502"))).to.equal("FORBIDDEN");
      expect(await participants()).to.deep.equal(["BE:m501", "FR:m502"]);
    });
  });
});
