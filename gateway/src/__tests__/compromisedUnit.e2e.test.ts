import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sharedTestPostgres } from "@smart/devdb";
import { testIdentity } from "@smart/identity/testing";
import { FOUNDING_UNITS } from "@smart/platform";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { startGateway, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

/**
 * A unit an attacker controls. BE's endpoint is a proxy that records, headers and
 * body, every request the gateway sends it, while real traffic goes through the
 * gateway: the central office reading members' emails, an anonymous caller's live
 * indicators, a member's booking, a transfer out of BE. Each recorded request is then
 * replayed verbatim to the other units, to central, to the gateway and to BE itself:
 * none of them may answer anything an anonymous caller could not get.
 */

interface Recorded {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

/** Forwards everything to `target` unchanged (Host included, as a transparent proxy would) and keeps a copy. */
async function recordingProxy(target: string): Promise<{ url: string; recorded: Recorded[]; close(): Promise<void> }> {
  const recorded: Recorded[] = [];
  const { hostname, port } = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST") recorded.push({ path: req.url ?? "/", headers: { ...req.headers }, body });
      const upstream = http.request(
        { hostname, port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, recorded, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Sends `headers` and `body` verbatim (Host included) to `url`. */
function send(url: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { hostname: target.hostname, port: target.port, path: target.pathname, method: "POST", headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: Reply["body"] = null;
          try {
            parsed = JSON.parse(text) as Reply["body"];
          } catch {
            // not JSON: compared as null
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** What an anonymous caller gets for the same body at the same place: no token, no signature. */
const anonymousHeaders = (body: Buffer): http.IncomingHttpHeaders => ({
  "content-type": "application/json",
  "content-length": String(body.length),
});

const codes = (reply: Reply) => [...new Set((reply.body?.errors ?? []).map((e) => e.extensions?.code))].sort();

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("gateway > a compromised unit: what it receives opens nothing elsewhere", function () {
  this.timeout(120_000);
  const members = testMembers(4);
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let gateway: RunningGateway;

  before(async () => {
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
    proxy = await recordingProxy(units.urls.BE);
    gateway = await startGateway({ ...units.urls, BE: proxy.url }, { centralUrl: central.url, deadlineMs: 5000 });
  });
  after(async () => {
    await gateway?.stop();
    await proxy?.close();
    await Promise.all([units?.close(), central?.stop()]);
  });

  it("records the gateway's calls for the central office, an anonymous caller, a member's booking and a transfer, then replays each everywhere", async () => {
    const identity = await testIdentity();
    const office = await identity.bearer({ role: "central_office" });
    const member = members.BE[0]!;
    const leaving = members.BE[1]!;
    const work: [string, string, Record<string, unknown>, Record<string, string>][] = [
      [
        "the central office's Europe-wide page with emails",
        `{ members(first: 8) { edges { node { id email phone } } } }`,
        {},
        office,
      ],
      [
        "the central office reading a BE member",
        `query($id: ID!) { member(id: $id) { id email phone } }`,
        { id: member.id },
        office,
      ],
      [
        "an anonymous caller's live indicators",
        `{ assemblies { budgetPriorities { indicators { key value } } } }`,
        {},
        {},
      ],
      [
        "a member's booking",
        `mutation($input: BookWorkspaceInput!) { bookWorkspace(input: $input) { id status } }`,
        {
          input: {
            workspaceId: "BE:w1",
            memberId: member.id,
            date: day(3),
            idempotencyKey: "compromised-unit-booking",
          },
        },
        await identity.bearer({ role: "member", unit: "BE", sub: member.id }),
      ],
      [
        "a transfer out of BE",
        `mutation($id: ID!) { transferMember(memberId: $id, to: FR) { status } }`,
        { id: leaving.id },
        await identity.bearer({ role: "unit_staff", unit: "BE" }),
      ],
    ];
    for (const [label, query, variables, headers] of work) {
      const before = proxy.recorded.length;
      const reply = await gateway.query(query, variables, headers);
      expect(reply.body.errors, `${label}: ${JSON.stringify(reply.body.errors)}`).to.equal(undefined);
      expect(proxy.recorded.length, `${label}: BE was called`).to.be.above(before);
    }

    // What BE saw carries no one's token: the caller is inside the signed request.
    for (const request of proxy.recorded)
      expect(request.headers.authorization, request.body.toString()).to.equal(undefined);

    const targets: [string, string][] = [
      ...FOUNDING_UNITS.map((unit): [string, string] => [unit, units.urls[unit]]),
      ["central", central.url],
      ["gateway", gateway.url],
    ];
    let replays = 0;
    for (const request of proxy.recorded) {
      for (const [name, url] of targets) {
        const replay = await send(url, request.headers, request.body);
        replays++;
        const what = `${name} ← ${request.body.toString().slice(0, 160)}`;
        if (replay.status === 401) {
          expect(codes(replay), what).to.deep.equal(["UNAUTHENTICATED"]);
          continue;
        }
        // Not refused outright: then exactly what an anonymous caller gets there.
        const anonymous = await send(url, anonymousHeaders(request.body), request.body);
        expect({ status: replay.status, data: replay.body?.data ?? null, codes: codes(replay) }, what).to.deep.equal({
          status: anonymous.status,
          data: anonymous.body?.data ?? null,
          codes: codes(anonymous),
        });
      }
    }
    expect(replays).to.be.at.least(5 * targets.length);
  });
});
