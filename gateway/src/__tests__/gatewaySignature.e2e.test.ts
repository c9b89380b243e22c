import { expect } from "chai";
import http from "node:http";
import express from "express";
import { sharedTestPostgres } from "@smart/devdb";
import { contentDigest, listen, type RunningServer } from "@smart/platform";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";
import { startCentralOffice } from "./helpers/centralOffice.js";
import { startGateway, type GraphqlReply, type RunningGateway } from "./helpers/gatewayHarness.js";
import { testMembers } from "./helpers/memberData.js";
import { startNationalUnits, type NationalUnits } from "./helpers/nationalUnits.js";

/** A request as the BE unit (or central) received it from the gateway: what an attacker on its traffic holds. */
interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sits in front of a real subgraph, records every request exactly as received
 * and passes it on unchanged, Host included (the gateway signed the URL it
 * called: this one). Sending a captured request here again is a replay to the
 * same service at the same URL.
 */
async function recordingFront(
  upstream: string,
): Promise<{ url: string; captured: Captured[]; stopRecording(): void; server: RunningServer }> {
  const target = new URL(upstream);
  const captured: Captured[] = [];
  let recording = true;
  const app = express();
  app.use(express.raw({ type: () => true, limit: "1mb" }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(", ") : (value ?? ""),
      ]),
    );
    if (recording && req.method === "POST") captured.push({ method: req.method, path: req.originalUrl, headers, body });
    const forwarded = http.request(
      { host: target.hostname, port: target.port, path: req.originalUrl, method: req.method, headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on("error", () => res.status(502).end());
    forwarded.end(body);
  });
  const server = await listen(app, 0);
  return { url: server.url, captured, stopRecording: () => void (recording = false), server };
}

/** Sends `request`'s headers and body to `url` byte for byte, but for Host (that of `url`): nothing added, nothing taken away. */
function replay(url: string, request: Captured): Promise<GraphqlReply & { text: string }> {
  const target = new URL(url);
  const { host: _host, connection: _connection, ...headers } = request.headers;
  return new Promise((resolve, reject) => {
    const sent = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as GraphqlReply["body"], text });
        });
      },
    );
    sent.on("error", reject);
    sent.end(request.body);
  });
}

const codes = (reply: GraphqlReply) => (reply.body.errors ?? []).map((error) => error.extensions?.code);

describe("gateway > its calls to units and central: signed, naming the caller, never their token (nine real units, real central)", () => {
  let units: NationalUnits;
  let central: Awaited<ReturnType<typeof startCentralOffice>>;
  let gateway: RunningGateway;
  let be: Awaited<ReturnType<typeof recordingFront>>;
  let centralFront: Awaited<ReturnType<typeof recordingFront>>;
  const tokenOf = async (viewer: PersonViewer) => ({ authorization: `Bearer ${await tokenFor(viewer)}` });
  const STAFF_BE = { role: "unit_staff", unit: "BE" } as const;
  const MEMBER = { role: "member", unit: "BE", sub: "BE:m3" } as const;
  const OFFICE = { role: "central_office" } as const;
  const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(new Date());

  before(async () => {
    const postgres = await sharedTestPostgres();
    [units, central] = await Promise.all([startNationalUnits(postgres, testMembers(6)), startCentralOffice(postgres)]);
    [be, centralFront] = await Promise.all([recordingFront(units.urls.BE), recordingFront(central.url)]);
    // The retry worker's first round runs at start: its backlog call to BE is recorded too.
    gateway = await startGateway(
      { ...units.urls, BE: be.url },
      { centralUrl: centralFront.url, deadlineMs: 5000, memberRightsRetrySeconds: 3600 },
    );
    const asked: [string, Record<string, unknown>, Record<string, string>][] = [
      [`{ member(id: "BE:m1") { id email } }`, {}, await tokenOf(STAFF_BE)],
      [`{ members(first: 3) { edges { node { id email } } } countries { code } }`, {}, await tokenOf(OFFICE)],
      [`{ assembly(id: "EU:ga-2023") { budgetPriorities { indicators { key value } } } }`, {}, {}],
      [
        `mutation($i: BookWorkspaceInput!) { bookWorkspace(input: $i) { id } }`,
        { i: { workspaceId: "BE:w1", memberId: "BE:m3", date: today(), idempotencyKey: "signature-test" } },
        await tokenOf(MEMBER),
      ],
      [
        `mutation { registerMember(input: { country: BE, firstName: "Ana", lastName: "Replay", email: "ana.replay@example.org", cityId: "BE:capital" }) { id } }`,
        {},
        await tokenOf(STAFF_BE),
      ],
    ];
    for (const [query, variables, headers] of asked) {
      const reply = await gateway.query(query, variables, headers);
      expect(reply.body.errors, `${query}: ${JSON.stringify(reply.body.errors)}`).to.equal(undefined);
    }
    // What the attacker holds; the replays below go through the fronts too.
    be.stopRecording();
    centralFront.stopRecording();
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([be?.server.close(), centralFront?.server.close()]);
    await Promise.all([units?.close(), central?.stop()]);
  });

  const viewersSeen = (captured: Captured[]) =>
    [...new Set(captured.map((request) => request.headers["x-smart-viewer"] ?? "anonymous"))].sort();

  it("sends no caller's Authorization to a unit or to central: the caller it verified travels in x-smart-viewer, signed for that target", () => {
    const all = [...be.captured, ...centralFront.captured];
    expect(all.length).to.be.greaterThan(5);
    for (const request of all) {
      expect(request.headers, request.body.toString()).not.to.have.property("authorization");
      expect(request.headers["signature-input"]).to.match(
        /^smart=\("@method" "@target-uri" "content-digest" "x-smart-target".*;alg="ed25519";tag="smart-gateway"$/,
      );
      expect(request.headers["x-request-id"]).to.be.a("string");
    }
    expect(new Set(be.captured.map((request) => request.headers["x-smart-target"]))).to.deep.equal(new Set(["BE"]));
    expect(new Set(centralFront.captured.map((request) => request.headers["x-smart-target"]))).to.deep.equal(
      new Set(["central"]),
    );
    expect(viewersSeen(be.captured)).to.deep.equal([
      // The gateway's question of what BE serves (`_service { sdl }`, public): no caller's.
      "anonymous",
      '{"role":"central_office"}',
      '{"role":"member","unit":"BE","sub":"BE:m3"}',
      // The retry worker's round: the ballots BE holds pending, as the ballot work.
      '{"role":"service","work":"ballots"}',
      '{"role":"service","work":"indicators"}',
      '{"role":"service","work":"member_rights"}',
      '{"role":"unit_staff","unit":"BE"}',
    ]);
    expect(viewersSeen(centralFront.captured)).to.include('{"role":"service","work":"indicators"}');
  });

  it("runs its own work as the service viewer, with no token minted: the indicators' counts and the retry worker's backlog", () => {
    const ofWork = (work: string) =>
      be.captured.filter((request) => request.headers["x-smart-viewer"] === `{"role":"service","work":"${work}"}`);
    expect(ofWork("indicators").map((request) => JSON.parse(request.body.toString()).query)).to.satisfy(
      (queries: string[]) => queries.every((query) => /memberCount/.test(query) || /workspaces/.test(query)),
    );
    expect(ofWork("member_rights").map((request) => JSON.parse(request.body.toString()).query)).to.satisfy(
      (queries: string[]) => queries.some((query) => /memberRightsBacklog/.test(query)),
    );
    expect(ofWork("ballots").map((request) => JSON.parse(request.body.toString()).query)).to.satisfy(
      (queries: string[]) => queries.every((query) => /pendingBallots/.test(query)),
    );
  });

  it("is refused (401) when a call signed for BE is replayed to FR or to central, and nothing runs there", async () => {
    for (const request of be.captured) {
      for (const [name, url] of [
        ["FR", units.urls.FR],
        ["central", central.url],
      ] as const) {
        const answer = await replay(url, request);
        expect(answer.status, `${name}: ${answer.text}`).to.equal(401);
        expect(codes(answer)).to.deep.equal(["UNAUTHENTICATED"]);
        expect(answer.body.errors![0]!.message).to.match(
          new RegExp(`^Gateway signature: signed for "BE", and this is ${name}`),
        );
        expect(answer.body.data ?? null).to.equal(null);
      }
    }
  });

  it("is refused (401) when a call is replayed to its own unit, query or mutation, and runs once", async () => {
    const count = async (sql: string) => Number((await units.dataSources.BE.query(sql))[0].n);
    const members = await count(`SELECT count(*) AS n FROM member`);
    const bookings = await count(`SELECT count(*) AS n FROM booking`);
    const mutations = be.captured.filter((request) =>
      JSON.parse(request.body.toString()).query.trimStart().startsWith("mutation"),
    );
    expect(mutations).to.have.length(2);
    for (const request of be.captured) {
      const answer = await replay(be.url, request);
      expect(answer.status, answer.text).to.equal(401);
      expect(answer.body.errors![0]!.message).to.match(
        /^Gateway signature: (nonce already used|created \d+ is more than 60 s)/,
      );
    }
    expect(await count(`SELECT count(*) AS n FROM member`)).to.equal(members);
    expect(await count(`SELECT count(*) AS n FROM booking`)).to.equal(bookings);
  });

  it("is refused (401) when a captured call is changed: another caller, body, language or request ID", async () => {
    const staffCall = be.captured.find(
      (request) => request.headers["x-smart-viewer"] === '{"role":"unit_staff","unit":"BE"}',
    )!;
    const body = Buffer.from(staffCall.body.toString().replace("BE:m1", "BE:m2"));
    // Each refused for what was changed, before its nonce is even looked at.
    const changed: [string, Captured, RegExp][] = [
      [
        "another caller",
        { ...staffCall, headers: { ...staffCall.headers, "x-smart-viewer": '{"role":"central_office"}' } },
        /does not verify/,
      ],
      ["another body", { ...staffCall, body }, /Content-Digest is not the body's/],
      [
        "another body, its digest recomputed",
        { ...staffCall, body, headers: { ...staffCall.headers, "content-digest": contentDigest(body) } },
        /does not verify/,
      ],
      [
        "another Accept-Language",
        { ...staffCall, headers: { ...staffCall.headers, "accept-language": "de" } },
        /does not verify/,
      ],
      [
        "another x-request-id",
        { ...staffCall, headers: { ...staffCall.headers, "x-request-id": "mine" } },
        /does not verify/,
      ],
      [
        "the signature emptied",
        { ...staffCall, headers: { ...staffCall.headers, signature: "", "signature-input": "" } },
        /malformed/,
      ],
    ];
    for (const [label, request, reason] of changed) {
      const { "content-length": _length, ...headers } = request.headers;
      const answer = await replay(be.url, {
        ...request,
        headers: { ...headers, "content-length": String(request.body.length) },
      });
      expect(answer.status, `${label}: ${answer.text}`).to.equal(401);
      expect(answer.body.errors![0]!.message, label)
        .to.match(/^Gateway signature: /)
        .and.match(reason);
    }
  });

  it("is refused (401) when central's call is replayed to central or to a unit", async () => {
    expect(centralFront.captured.length).to.be.greaterThan(0);
    for (const request of centralFront.captured) {
      for (const url of [centralFront.url, units.urls.BE]) {
        const answer = await replay(url, request);
        expect(answer.status, answer.text).to.equal(401);
      }
    }
  });

  it("gives nothing for a captured unit request's headers at the gateway: the answer an anonymous caller gets", async () => {
    for (const request of [...be.captured, ...centralFront.captured]) {
      const captured = await replay(gateway.url, request);
      const anonymous = await replay(gateway.url, {
        ...request,
        headers: { "content-type": "application/json", "content-length": String(request.body.length) },
      });
      expect(captured.status).to.equal(anonymous.status);
      expect(captured.body).to.deep.equal(anonymous.body);
      expect(captured.text).not.to.match(/@example\.org/);
    }
  });
});
