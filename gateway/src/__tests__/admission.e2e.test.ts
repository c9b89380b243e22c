import { expect } from "chai";
import net from "node:net";
import { sharedTestPostgres } from "@smart/devdb";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { tokenFor } from "@smart/identity/testing";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

const BOOK = `mutation($i: BookWorkspaceInput!) { bookWorkspace(input: $i) { id status } }`;
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** What a booking was answered: its status, or the code of its error. */
const outcomeOf = (reply: GraphqlReply) =>
  reply.body.data?.bookWorkspace?.status ?? reply.body.errors?.[0]?.extensions?.code;

/**
 * Issue 22, findings 4 and 5, with the gateway's default admission control: a burst of bookings,
 * slow clients and a client asking for more than its share are each answered, not shed.
 */
describe("gateway > admission by waiting time, weight and client (nine real units on Postgres)", () => {
  let units: NationalUnits;
  let gateway: RunningGateway;
  const members = testMembers(7);

  /** A booking as `memberId`, sent once their token is at hand (so that a burst leaves at once). */
  const booking = async (memberId: string, workspaceId: string, date: string, key: string) => {
    const unit = memberId.slice(0, 2) as FoundingUnit;
    const authorization = `Bearer ${await tokenFor({ role: "member", unit, sub: memberId })}`;
    return () => gateway.query(BOOK, { i: { workspaceId, memberId, date, idempotencyKey: key } }, { authorization });
  };

  before(async () => {
    units = await startNationalUnits(await sharedTestPostgres(), members);
    gateway = await startGateway(units.urls, { deadlineMs: 5000 });
  });
  after(async () => {
    await gateway?.stop();
    await units?.close();
  });
  afterEach(() => units.slowDown("BE", 0));

  it("answers 55 members booking the same workspace at once each CONFIRMED or CONFLICT, none OVERLOADED", async () => {
    const bookers = FOUNDING_UNITS.flatMap((unit) => members[unit].map((m) => m.id)).slice(0, 55);
    const date = daysAhead(10);
    const bookings = await Promise.all(bookers.map((id) => booking(id, "BE:w1", date, `burst-${id}`)));
    const replies = await Promise.all(bookings.map((book) => book()));
    const outcomes = replies.map(outcomeOf);
    expect(outcomes.filter((o) => o !== "CONFIRMED" && o !== "CONFLICT")).to.deep.equal([]);
    // BE:w1 has 10 desks.
    expect(outcomes.filter((o) => o === "CONFIRMED")).to.have.length(10);
  });

  it("answers a member's booking while 24 slow clients are sending their bodies a byte every 2 s", async () => {
    const { hostname, port } = new URL(gateway.url);
    const sockets = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const socket = net.connect(Number(port), hostname);
        await new Promise((resolve) => socket.once("connect", resolve));
        socket.on("error", () => {});
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 90000\r\n\r\n{`,
        );
        return socket;
      }),
    );
    const book = await booking("FR:m1", "FR:w1", daysAhead(11), "slow-sockets");
    const drip = setInterval(() => sockets.forEach((socket) => socket.write(" ")), 2000);
    try {
      const reply = await book();
      expect(reply.status).to.equal(200);
      expect(outcomeOf(reply)).to.equal("CONFIRMED");
    } finally {
      clearInterval(drip);
      for (const socket of sockets) socket.destroy();
    }
  });

  it("keeps places for others while one client asks for many more than its share", async () => {
    // One central office client, 30 Europe-wide pages at once, each held 3 s by a slow BE.
    units.slowDown("BE", 3000);
    const office = { authorization: `Bearer ${await tokenFor({ role: "central_office" })}` };
    const book = await booking("NL:m1", "NL:w1", daysAhead(12), "beside-a-flood");
    const flood = Array.from({ length: 30 }, () =>
      gateway.query(`{ members(first: 20) { edges { cursor } } }`, {}, office),
    );
    // Its first answer says the flood has reached admission: what was not let in is being turned away.
    await Promise.race(flood);
    const reply = await book();
    expect(reply.status).to.equal(200);
    expect(outcomeOf(reply)).to.equal("CONFIRMED");
    const statuses = (await Promise.all(flood)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).to.deep.equal([]);
    expect(
      statuses.filter((s) => s === 503),
      "the client's pages beyond its share are shed",
    ).to.not.be.empty;
  });
});
