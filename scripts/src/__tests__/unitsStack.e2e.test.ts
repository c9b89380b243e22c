import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { expect } from "chai";
import pg from "pg";
import { freePorts, sharedTestPostgres, testDatabaseName, type PostgresServer } from "@smart/devdb";
import { requestDevelopmentToken } from "@smart/identity/client";
import { FOUNDING_UNITS } from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";

const UNITS = [...FOUNDING_UNITS, "PT"];
const MEMBERS_PER_UNIT = 40;
const START = path.join(REPO_ROOT, "scripts", "dist", "start.js");
const UNIT_CLI = path.join(REPO_ROOT, "scripts", "dist", "unit.js");

/** A command of the scripts workspace as a child process, its output kept line by line. */
interface Command {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  /** Resolves once a line matches, rejects if the command exits first or after `timeoutMs`. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function run(entry: string, args: string[], env: NodeJS.ProcessEnv): Command {
  const child = spawn(process.execPath, [entry, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    readline.createInterface({ input: stream }).on("line", (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const printed = async (pattern: RegExp, timeoutMs = 420_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find((line) => pattern.test(line));
      if (found) return found;
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
        throw new Error(`no line matching ${pattern}:\n${lines.slice(-40).join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return { child, lines, exited, printed };
}

/** Runs a command to its end: its exit code and output. */
async function runToEnd(entry: string, args: string[], env: NodeJS.ProcessEnv) {
  const command = run(entry, args, env);
  const code = await command.exited;
  // The last lines may still be in the pipe when the process has exited.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { code, output: command.lines.join("\n") };
}

interface Answer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface MembersPage {
  members: {
    edges: { node: { id: string; country: { code: string } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe("npm start -- --units AT,BE,DE,ES,FR,HU,IT,NL,SE,PT: a tenth unit with no code change (e2e)", function () {
  this.timeout(600_000);
  let server: PostgresServer;
  let stack: Command | undefined;
  let env: NodeJS.ProcessEnv;
  let gatewayUrl: string;
  let identityPort: number;
  let stateDir: string;
  let databasePrefix: string;
  let token: string;

  async function query<T = any>(text: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: text, variables }),
    });
    return (await response.json()) as Answer<T>;
  }

  /** Every member of the European graph, page after page of 50: how many of each unit. */
  async function membersByUnit(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const answer: Answer<MembersPage> = await query<MembersPage>(
        `query Page($after: String) { members(first: 50, orderBy: NAME_ASC, after: $after) {
           edges { node { id country { code } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
      for (const { node } of answer.data!.members.edges) {
        expect(node.id.startsWith(`${node.country.code}:`), node.id).to.equal(true);
        counts[node.country.code] = (counts[node.country.code] ?? 0) + 1;
      }
      if (!answer.data!.members.pageInfo.hasNextPage) return counts;
      after = answer.data!.members.pageInfo.endCursor;
    }
    throw new Error("more than 100 pages");
  }

  before(async function () {
    server = await sharedTestPostgres();
    databasePrefix = testDatabaseName("units");
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), "units-stack-"));
    const [gateway, central, identity, ...unitPorts] = await freePorts(3 + UNITS.length);
    identityPort = identity!;
    gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
    env = {
      ...process.env,
      DATABASE_URL: server.urlFor(databasePrefix),
      STACK_STATE_FILE: path.join(stateDir, "stack.json"),
      GATEWAY_PORT: String(gateway),
      CENTRAL_PORT: String(central),
      IDP_PORT: String(identity),
      ...Object.fromEntries(UNITS.map((code, i) => [`UNIT_PORT_${code}`, String(unitPorts[i])])),
      UNIT_DIRECTORY_REFRESH_SECONDS: "1",
      LOG_LEVEL: "warn",
      NO_COLOR: "1",
    };
    stack = run(START, ["--units", UNITS.join(","), "--members-per-unit", String(MEMBERS_PER_UNIT)], env);
    await stack.printed(/Smart Europe Graph is running/);
    token = (await requestDevelopmentToken(`http://127.0.0.1:${identityPort}/token`, { role: "central_office" }))
      .accessToken;
  });

  after(async function () {
    this.timeout(120_000);
    if (stack && stack.child.exitCode === null) {
      stack.child.kill("SIGTERM");
      expect(await stack.exited, stack.lines.slice(-20).join("\n")).to.equal(0);
      // The state file goes with the stack: `npm run unit` then finds none.
      expect(await fs.stat(path.join(stateDir, "stack.json")).catch(() => undefined)).to.equal(undefined);
      const orphan = await runToEnd(UNIT_CLI, ["start", "PT"], env);
      expect(orphan.code).to.equal(1);
      expect(orphan.output).to.match(/No stack is running/);
    }
    for (const target of [...UNITS, "LU", "central"])
      await server.dropDatabase(`${databasePrefix}_${target.toLowerCase()}`).catch(() => {});
    await fs.rm(stateDir, { recursive: true, force: true });
  });

  it("runs the ten units, the directory admitting exactly them, and answers Europe-wide pages with Portugal in them", async () => {
    const countries = await query<{ countries: { code: string; unitName: string; memberCount: number }[] }>(
      `{ countries { code unitName memberCount } }`,
    );
    expect(countries.errors, JSON.stringify(countries.errors)).to.equal(undefined);
    expect(countries.data!.countries.map((c) => c.code)).to.deep.equal([...UNITS].sort());
    expect(countries.data!.countries.find((c) => c.code === "PT")!.unitName).to.equal("Smart Portugal");

    // Each unit's current members, asked of it alone, then of all ten at once and page after page.
    const perUnit = await query<Record<string, number>>(
      `{ ${UNITS.map((code) => `${code}: memberCount(country: ${code})`).join(" ")} all: memberCount }`,
    );
    expect(perUnit.errors, JSON.stringify(perUnit.errors)).to.equal(undefined);
    const { all, ...counts } = perUnit.data!;
    expect(counts.PT).to.be.within(MEMBERS_PER_UNIT * 0.8, MEMBERS_PER_UNIT);
    expect(all).to.equal(Object.values(counts).reduce((a, b) => a + b, 0));
    for (const country of countries.data!.countries)
      expect(country.memberCount, country.code).to.equal(counts[country.code]);
    expect(await membersByUnit()).to.deep.equal(counts);
  });

  it("npm run unit -- retire / admit: the gateway stops routing to PT, then routes to it again, with no code change", async () => {
    const before = await query<{ all: number; pt: number }>(`{ all: memberCount pt: memberCount(country: PT) }`);
    const { all, pt } = before.data!;
    const retired = await runToEnd(UNIT_CLI, ["retire", "pt"], env);
    expect(retired.code, retired.output).to.equal(0);
    expect(retired.output)
      .to.match(/PT \(Smart Portugal\) is RETIRED/)
      .and.match(/no longer routes to PT/);
    const without = await query<{ countries: { code: string }[]; memberCount: number }>(
      `{ countries { code } memberCount }`,
    );
    expect(without.data!.countries.map((c) => c.code)).to.deep.equal([...FOUNDING_UNITS]);
    expect(without.data!.memberCount).to.equal(all - pt);
    const refused = await query(`{ memberCount(country: PT) }`);
    expect(refused.errors?.[0]?.extensions?.code).to.equal("BAD_USER_INPUT");

    const admitted = await runToEnd(UNIT_CLI, ["admit", "PT"], env);
    expect(admitted.code, admitted.output).to.equal(0);
    expect(admitted.output)
      .to.match(/PT \(Smart Portugal\) is ADMITTED/)
      .and.match(/The gateway routes to PT/);
    const again = await query<{ countries: { code: string }[]; memberCount: number }>(
      `{ countries { code } memberCount }`,
    );
    expect(again.data!.countries.map((c) => c.code)).to.deep.equal([...UNITS].sort());
    expect(again.data!.memberCount).to.equal(all);
  });

  it("npm run unit -- admit: a code the directory does not know needs its details, and one already admitted is a conflict", async () => {
    const unknown = await runToEnd(UNIT_CLI, ["admit", "LU"], env);
    expect(unknown.code, unknown.output).to.equal(1);
    expect(unknown.output)
      .to.match(/BAD_USER_INPUT/)
      .and.match(/unitName/);
    const twice = await runToEnd(UNIT_CLI, ["admit", "PT"], env);
    expect(twice.code, twice.output).to.equal(1);
    expect(twice.output).to.match(/CONFLICT/);
    const malformed = await runToEnd(UNIT_CLI, ["admit", "P1"], env);
    expect(malformed.code, malformed.output).to.equal(64);
    expect(malformed.output).to.match(/'P1': expected a unit's code/);
  });

  it("npm run unit -- start: one more unit next to the running stack, its database in the stack's Postgres, until Ctrl-C", async () => {
    const membersBefore = (await query<{ memberCount: number }>(`{ memberCount }`)).data!.memberCount;
    const already = await runToEnd(UNIT_CLI, ["start", "PT"], env);
    expect(already.code, already.output).to.equal(1);
    expect(already.output).to.match(/PT already runs in the stack/);

    const [port] = await freePorts(1);
    const luEnv = { ...env, UNIT_PORT_LU: String(port) };
    // The demo data has no cities for Luxembourg: it can only be seeded empty.
    const withMembers = await runToEnd(UNIT_CLI, ["start", "LU", "--members-per-unit", "5"], luEnv);
    expect(withMembers.code, withMembers.output).to.equal(1);
    expect(withMembers.output).to.match(/The demo data has no cities for LU/);
    const luxembourg = run(UNIT_CLI, ["start", "LU", "--members-per-unit", "0"], luEnv);
    try {
      await luxembourg.printed(/LU is running at/);
      expect(luxembourg.lines.join("\n"))
        .to.match(/UNIT_PORT_LU moves LU to port \d+; the gateway looks for it at http:\/\/127\.0\.0\.1:4406\/graphql/)
        .and.match(/npm run unit -- admit LU/);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).to.equal(200);
      const client = new pg.Client({ connectionString: server.urlFor(`${databasePrefix}_lu`) });
      await client.connect();
      try {
        // Migrated by the national service's own code: its tables are there, empty.
        const { rows } = await client.query(`SELECT count(*)::int AS members FROM member`);
        expect(rows[0].members).to.equal(0);
      } finally {
        await client.end();
      }
    } finally {
      luxembourg.child.kill("SIGINT");
      expect(await luxembourg.exited, luxembourg.lines.slice(-20).join("\n")).to.equal(0);
    }
    // The stack itself goes on: central, the gateway and the ten units still answer.
    const still = await query<{ memberCount: number }>(`{ memberCount }`);
    expect(still.errors, JSON.stringify(still.errors)).to.equal(undefined);
    expect(still.data?.memberCount).to.equal(membersBefore);
  });
});
