import { expect } from "chai";
import http from "node:http";
import { listen, type RunningServer } from "@smart/platform";
import { admissionControl, DEFAULT_ADMISSION, type AdmissionLimits } from "../admission.js";

/**
 * Admission control on its own, over real HTTP: each request admitted is held until the test
 * lets it go, and tells admission its price (as the gateway does once it has planned it).
 */
describe("gateway > admission control by weight, waiting time and client", () => {
  let server: RunningServer | undefined;
  const held = new Map<string, () => void>();

  const start = async (limits: Partial<AdmissionLimits>) => {
    const admission = admissionControl(
      { ...DEFAULT_ADMISSION, ...limits },
      // A text not priced yet weighs a fan-out to nine units.
      { clientOf: (req) => String(req.headers["x-client"]), fanOutWeight: () => 9 },
    );
    server = await listen((req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        (req as http.IncomingMessage & { rawBody?: Buffer }).rawBody = Buffer.concat(chunks);
        admission(req, res, () => {
          const { query, price } = JSON.parse(Buffer.concat(chunks).toString()) as { query: string; price: number };
          admission.ticketOf(req)!.priced(price);
          held.set(query, () => res.end("done"));
        });
      });
    }, 0);
    return admission;
  };
  const send = (query: string, price: number, client = "a") =>
    fetch(server!.url, {
      method: "POST",
      headers: { "x-client": client },
      body: JSON.stringify({ query, price }),
    }).then((r) => r.status);
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  afterEach(async () => {
    for (const release of held.values()) release();
    held.clear();
    await server?.close();
  });

  it("lets a booking past a Europe-wide page that waits for room: a light request is not held behind a heavy one", async () => {
    const admission = await start({ maxWeight: 10, maxClientShare: 1 });
    // Learnt: the page's text costs 9 unit calls, the booking's 1.
    for (const [query, price] of [
      ["{ page }", 9],
      ["{ booking }", 1],
    ] as const) {
      const once = send(query, price);
      await until(() => held.has(query));
      held.get(query)!();
      await once;
      held.delete(query);
    }

    const first = send("{ page }", 9);
    await until(() => held.has("{ page }"));
    const second = send("{ page }", 9, "b");
    await until(() => admission.stats().queued === 1);
    const booking = send("{ booking }", 1, "c");
    await until(() => held.has("{ booking }"));
    expect(admission.stats()).to.deep.include({ held: 10, queued: 1 });
    held.get("{ booking }")!();
    expect(await booking).to.equal(200);
    held.get("{ page }")!();
    await first;
    await until(() => admission.stats().queued === 0);
    held.get("{ page }")!();
    expect(await second).to.equal(200);
  });

  it("weighs a request its price once planned, freeing what a fan-out would have held", async () => {
    const admission = await start({ maxWeight: 9 });
    const unknown = send("{ new }", 1);
    await until(() => held.has("{ new }"));
    // Its text not priced yet, it is admitted as a fan-out (9), then told its price (1).
    expect(admission.stats().held).to.equal(1);
    held.get("{ new }")!();
    expect(await unknown).to.equal(200);
  });

  it("turns away at once (503) what cannot wait, and what waited its longest", async () => {
    const admission = await start({ maxWeight: 9, maxQueued: 1, maxWaitMs: 200, maxClientShare: 1 });
    const holding = send("{ page }", 9);
    await until(() => held.has("{ page }"));
    const waiting = send("{ other }", 9);
    await until(() => admission.stats().queued === 1);
    expect(await send("{ third }", 9)).to.equal(503);
    // The queue was full: the gateway is overloaded, and the one waiting is told so too.
    expect(await waiting).to.equal(503);
    held.get("{ page }")!();
    expect(await holding).to.equal(200);
  });

  it("keeps one client to its share: another client's request is let in while the first has more waiting", async () => {
    const admission = await start({ maxWeight: 36 });
    const flood = Array.from({ length: 6 }, (_, i) => send(`{ page${i} }`, 9, "flood"));
    await until(() => admission.stats().queued + held.size === 6);
    // Half of 36: two pages of 9 in flight, four waiting.
    expect(admission.stats()).to.deep.include({ held: 18, queued: 4 });
    const other = send("{ mine }", 9, "other");
    await until(() => held.has("{ mine }"));
    held.get("{ mine }")!();
    expect(await other).to.equal(200);
    for (const release of held.values()) release();
    held.clear();
    void Promise.allSettled(flood);
  });

  it("serves a steady load whose queue drains in turn (never empty, each waiting briefly), shedding none", async () => {
    await start({ maxWeight: 2, maxWaitMs: 300, standingQueueMs: 100, maxClientShare: 1 });
    // Four clients, two places, each request held 20 ms: the queue is never empty for 1.5 s, yet no one waits long.
    const statuses: number[] = [];
    const releaser = setInterval(() => {
      for (const [query, release] of held) {
        release();
        held.delete(query);
      }
    }, 20);
    const deadline = Date.now() + 1500;
    const client = async (name: string) => {
      for (let i = 0; Date.now() < deadline; i++) statuses.push(await send(`{ ${name}${i} }`, 1, name));
    };
    await Promise.all(["a", "b", "c", "d"].map(client));
    clearInterval(releaser);
    expect(statuses.length).to.be.greaterThan(40);
    expect(statuses.filter((status) => status !== 200)).to.deep.equal([]);
  });

  it("sheds once the queue stands: when even the shortest wait of an interval exceeds the target", async () => {
    const admission = await start({ maxWeight: 1, maxWaitMs: 300, standingQueueMs: 100, maxClientShare: 1 });
    const holding = send("{ holder }", 1, "a");
    await until(() => held.has("{ holder }"));
    // Nothing is admitted while these wait: past an interval, the queue stands, and the next to wait is told at once.
    const waiting = [send("{ w1 }", 1, "b"), send("{ w2 }", 1, "c")];
    await until(() => admission.stats().queued === 2);
    expect(await Promise.all(waiting)).to.deep.equal([503, 503]);
    held.get("{ holder }")!();
    expect(await holding).to.equal(200);
  });
});
