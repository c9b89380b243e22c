import { expect } from "chai";
import net from "node:net";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import { recentProbes } from "../readiness.js";
import { NO_CENTRAL, startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";

/** Nothing listens on port 9 (discard): the gateway's own answers need no unit. */
const NO_UNITS = Object.fromEntries(FOUNDING_UNITS.map((code) => [code, NO_CENTRAL])) as Record<FoundingUnit, string>;

/**
 * Issue 22, findings 4 and 6. 24 sockets sending a 90,000-byte body a byte at a time
 * held all of the gateway's working and waiting places: a member's request got
 * 503 OVERLOADED. A request now takes a place only once its body has arrived.
 */
describe("gateway > slow clients hold no place; /ready shares its probes", () => {
  let gateway: RunningGateway;
  const sockets: net.Socket[] = [];

  before(async () => {
    gateway = await startGateway(NO_UNITS, { admission: { maxWeight: 2 * FOUNDING_UNITS.length, maxQueued: 2 } });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await gateway?.stop();
  });

  it("answers a caller while more slow bodies are arriving than there are places", async () => {
    const { hostname, port } = new URL(gateway.url);
    let answered: () => void = () => {};
    const anyAnswered = new Promise<void>((resolve) => (answered = resolve));
    for (let i = 0; i < 6; i++) {
      const socket = net.connect(Number(port), hostname);
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.on("error", () => {});
      socket.once("data", () => answered());
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 90000\r\n\r\n{"query":"`,
      );
      sockets.push(socket);
    }
    // Each has sent its headers and the start of its body; none has finished. Had they taken places, the
    // two past the 2 + 2 would be answered 503 at once: give the gateway the moment to do so (or not).
    await Promise.race([anyAnswered, new Promise((resolve) => setTimeout(resolve, 200))]);
    const reply = await gateway.query(`{ __typename }`);
    expect(reply.status).to.equal(200);
    expect(reply.body.data).to.deep.equal({ __typename: "Query" });
  });

  it("answers /ready callers from one round of probes at most a second old", async () => {
    let rounds = 0;
    let clock = 0;
    const ready = recentProbes(
      async () => ++rounds,
      1000,
      () => clock,
    );
    expect(await Promise.all([ready(), ready(), ready()])).to.deep.equal([1, 1, 1]);
    clock = 1000;
    expect(await ready()).to.equal(1);
    clock = 1001;
    expect(await ready()).to.equal(2);
  });
});
