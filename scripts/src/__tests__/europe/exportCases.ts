import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { FOUNDING_UNITS, type FoundingUnit } from "@smart/platform";
import type { RunningStack } from "./runningStack.js";

const EXPORT_CLI = path.resolve(import.meta.dirname, "../../../dist/export.js");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The built CLI, as `npm run export` runs it; `interrupt` decides when to send it a signal. */
function runCli(
  args: string[],
  env: Record<string, string>,
  interrupt?: { when: () => Promise<boolean>; signal: NodeJS.Signals },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXPORT_CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let watching = Boolean(interrupt);
    const watch = async () => {
      while (watching) {
        if (await interrupt!.when()) {
          child.kill(interrupt!.signal);
          return;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    void watch();
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      watching = false;
      resolve({ code, signal, stderr });
    });
  });
}

async function unitQuery<T>(
  stack: RunningStack,
  unit: FoundingUnit | "central",
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.postgres.urlOf(unit) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const stateRows = async (file: string) => {
  try {
    return (JSON.parse(await fs.readFile(`${file}.export-state.json`, "utf8")) as { rows: number }).rows;
  } catch {
    return 0;
  }
};

export function exportCases(stack: () => RunningStack, membersPerUnit: number): void {
  let dir: string;
  let staffBE: string;
  let office: string;
  const env = (token?: string) => ({ SMART_GATEWAY_URL: stack().gatewayUrl, ...(token ? { SMART_TOKEN: token } : {}) });

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "smart-export-"));
    staffBE = await stack().bearer({ role: "unit_staff", unit: "BE" });
    office = await stack().bearer({ role: "central_office" });
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  /** The BE unit's current members (active and suspended: lists are of current members) as its database holds them. */
  const beMembers = () =>
    unitQuery<{ id: string; email: string; first_name: string; city_id: string; active_in: string[] }>(
      stack(),
      "BE",
      `SELECT id, email, first_name, city_id, active_in FROM member WHERE status IN ('ACTIVE', 'SUSPENDED') ORDER BY id`,
    );

  const expectWholeUnit = async (file: string) => {
    const text = await fs.readFile(file, "utf8");
    expect(
      text.startsWith(
        "id,country,displayName,firstName,lastName,email,phone,category,status,shares,joinedOn,cityId,city,activeIn\r\n",
      ),
    ).to.equal(true);
    const rows = parse<Record<string, string>>(text, { columns: true });
    const members = await beMembers();
    expect(rows.map((r) => r.id).sort(), "every member exactly once").to.deep.equal(members.map((m) => m.id).sort());
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const member of members) {
      const row = byId.get(member.id)!;
      expect([row.country, row.email, row.firstName, row.cityId, row.activeIn]).to.deep.equal([
        "BE",
        member.email,
        member.first_name,
        member.city_id,
        member.active_in.join(";"),
      ]);
    }
  };

  it("exports a whole unit, as its staff, as RFC 4180 CSV: the unit's member list, each exactly once", async () => {
    const file = path.join(dir, "be.csv");
    const run = await runCli(["members", "--country", "BE", "--out", file, "--page-size", "17"], env(staffBE));
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include(`Exported ${(await beMembers()).length} rows (members)`);
    await expectWholeUnit(file);
    expect(
      await fs.access(`${file}.export-state.json`).then(
        () => "kept",
        () => "removed",
      ),
      "the state file, once done",
    ).to.equal("removed");
  });

  it("resumes after being killed mid-way (kill -9): every member exactly once", async () => {
    const file = path.join(dir, "be-killed.csv");
    const args = ["members", "--country", "BE", "--out", file, "--page-size", "5"];
    const killed = await runCli(args, env(staffBE), {
      when: async () => (await stateRows(file)) >= 30,
      signal: "SIGKILL",
    });
    expect(killed.signal).to.equal("SIGKILL");
    const written = await stateRows(file);
    expect(written).to.be.within(30, membersPerUnit - 1);
    const resumed = await runCli([...args, "--resume"], env(staffBE));
    expect(resumed.code, resumed.stderr).to.equal(0);
    await expectWholeUnit(file);
  });

  it("stops cleanly on Ctrl-C after the page under way, and goes on with --resume", async () => {
    const file = path.join(dir, "be-interrupted.csv");
    const args = ["members", "--country", "BE", "--out", file, "--page-size", "5"];
    const interrupted = await runCli(args, env(staffBE), {
      when: async () => (await stateRows(file)) >= 20,
      signal: "SIGINT",
    });
    expect(interrupted.code, interrupted.stderr).to.equal(130);
    expect(interrupted.stderr).to.match(/Interrupted after \d+ rows .*--resume/);
    const resumed = await runCli([...args, "--resume"], env(staffBE));
    expect(resumed.code, resumed.stderr).to.equal(0);
    await expectWholeUnit(file);
  });

  it("exports Europe's members as NDJSON for the central office: every unit's, each once", async () => {
    const file = path.join(dir, "europe.ndjson");
    const run = await runCli(["members", "--format", "ndjson", "--out", file], env(office));
    expect(run.code, run.stderr).to.equal(0);
    const rows = (await fs.readFile(file, "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; country: string; activeIn: string[] });
    const current = await Promise.all(
      FOUNDING_UNITS.map((unit) =>
        unitQuery<{ n: number }>(
          stack(),
          unit,
          `SELECT count(*)::int AS n FROM member WHERE status IN ('ACTIVE', 'SUSPENDED')`,
        ),
      ),
    );
    expect(rows).to.have.length(current.reduce((sum, [row]) => sum + row!.n, 0));
    expect(new Set(rows.map((r) => r.id)).size).to.equal(rows.length);
    expect(new Set(rows.map((r) => r.country))).to.deep.equal(new Set(FOUNDING_UNITS));
    expect(rows.every((r) => Array.isArray(r.activeIn))).to.equal(true);
  });

  it("exports memberStats as the API answers it", async () => {
    const file = path.join(dir, "stats.csv");
    const run = await runCli(["memberStats", "--group-by", "COUNTRY,CATEGORY", "--out", file], env(office));
    expect(run.code, run.stderr).to.equal(0);
    const rows = parse<Record<string, string>>(await fs.readFile(file, "utf8"), { columns: true });
    const api = await stack().query<{ memberStats: { country: string; category: string; count: number }[] }>(
      `{ memberStats(groupBy: [COUNTRY, CATEGORY]) { country category count } }`,
      {},
      office,
    );
    expect(rows).to.deep.equal(
      api.data!.memberStats.map((g) => ({ country: g.country, category: g.category, count: String(g.count) })),
    );
  });

  it("exports bookings in windows of 62 days: each booking of the range once", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const shift = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const [from, to] = [shift(-70), shift(40)];
    const file = path.join(dir, "bookings.csv");
    const run = await runCli(["bookings", "--from", from, "--to", to, "--out", file], env(office));
    expect(run.code, run.stderr).to.equal(0);
    const rows = parse<{ id: string; date: string }>(await fs.readFile(file, "utf8"), { columns: true });
    const expected = (
      await Promise.all(
        FOUNDING_UNITS.map((unit) =>
          unitQuery<{ id: string }>(stack(), unit, `SELECT id FROM booking WHERE day BETWEEN $1 AND $2`, [from, to]),
        ),
      )
    )
      .flat()
      .map((b) => b.id);
    expect(expected.length).to.be.greaterThan(100);
    expect(rows.map((r) => r.id).sort()).to.deep.equal(expected.sort());
    expect(rows.every((r) => r.date >= from && r.date <= to)).to.equal(true);
  });

  it("fails clearly: no token for members (exit 1, what to do), a bad option (exit 64)", async () => {
    const anonymous = await runCli(["members", "--out", path.join(dir, "anonymous.csv")], env());
    expect(anonymous.code).to.equal(1);
    expect(anonymous.stderr).to.match(/FORBIDDEN|UNAUTHENTICATED/);
    expect(anonymous.stderr).to.include("--resume");
    const usage = await runCli(["members", "--format", "xlsx"], env(office));
    expect(usage.code).to.equal(64);
    expect(usage.stderr).to.include("--format: csv or ndjson");
    const nothing = await runCli(["members", "--resume", "--out", path.join(dir, "never.csv")], env(office));
    expect(nothing.code).to.equal(1);
    expect(nothing.stderr).to.include("Nothing to resume");
  });
}
