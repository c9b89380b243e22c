import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { formatSeedReport } from "../stack/migrateAndSeed.js";
import { parseStackOptions } from "../stack/options.js";
import net from "node:net";
import { assertPortsFree, stackPorts } from "../stack/ports.js";
import { databaseNameOf, redact, withDatabase } from "../stack/postgres.js";
import { Supervisor } from "../stack/processes.js";
import { ALL_TARGETS } from "../stack/targets.js";

describe("scripts > stack > options", () => {
  it("defaults to 2000 members and every database", () => {
    expect(parseStackOptions([])).to.deep.equal({ membersPerUnit: 2000, targets: ALL_TARGETS });
  });

  it("reads --members-per-unit and --units in canonical order", () => {
    expect(parseStackOptions(["--members-per-unit", "100000", "--units", "central,fr,BE"])).to.deep.equal({
      membersPerUnit: 100_000,
      targets: ["BE", "FR", "central"],
    });
  });

  it("refuses a size that is not a whole number and an unknown unit", () => {
    expect(() => parseStackOptions(["--members-per-unit", "lots"])).to.throw(/--members-per-unit/);
    expect(() => parseStackOptions(["--units", "BE,U1"])).to.throw(/'U1'/);
  });
});

describe("scripts > stack > ports", () => {
  it("follows the contract and lets each port be overridden", () => {
    const ports = stackPorts({ UNIT_PORT_SE: "5009", GATEWAY_PORT: "5000" });
    expect(ports.gateway).to.equal(5000);
    expect(ports.central).to.equal(4010);
    expect(ports.identity).to.equal(4020);
    expect(stackPorts({ IDP_PORT: "5020" }).identity).to.equal(5020);
    expect(ports.units.AT).to.equal(4001);
    expect(ports.units.BE).to.equal(4002);
    expect(ports.units.SE).to.equal(5009);
  });

  it("names the variable of a port that is already taken", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const busy = (taken.address() as net.AddressInfo).port;
    try {
      const ports = stackPorts({
        GATEWAY_PORT: "0",
        CENTRAL_PORT: "0",
        IDP_PORT: "0",
        UNIT_PORT_BE: String(busy),
        ...Object.fromEntries(["AT", "DE", "ES", "FR", "HU", "IT", "NL", "SE"].map((c) => [`UNIT_PORT_${c}`, "0"])),
      });
      let error: Error | undefined;
      await assertPortsFree(ports).catch((e: Error) => (error = e));
      expect(error?.message).to.equal(
        `Ports in use: ${busy} (UNIT_PORT_BE). Stop what listens there, or set those variables.`,
      );
    } finally {
      taken.close();
    }
  });

  it("names a bad port variable", () => {
    expect(() => stackPorts({ CENTRAL_PORT: "nope" })).to.throw(/CENTRAL_PORT/);
  });
});

describe("scripts > stack > database URLs", () => {
  it("names databases after DATABASE_URL's, keeping credentials and parameters", () => {
    const url = "postgres://dev:secret@db.example:5433/work?sslmode=require";
    expect(databaseNameOf(url)).to.equal("work");
    expect(databaseNameOf("postgres://dev@db.example:5433")).to.equal(undefined);
    expect(withDatabase(url, "work_be")).to.equal("postgres://dev:secret@db.example:5433/work_be?sslmode=require");
    expect(redact(url)).to.equal("postgres://dev:***@db.example:5433/work?sslmode=require");
  });
});

describe("scripts > stack > seed report", () => {
  it("has one line per database and a total", () => {
    const report = formatSeedReport({
      totalSeconds: 3.25,
      databases: [
        { target: "BE", database: "smart_be", seeded: true, members: 100_000, seconds: 3.1 },
        { target: "central", database: "smart_central", seeded: false, members: 0, seconds: 0.2 },
      ],
    });
    expect(report.split("\n")).to.deep.equal([
      "  BE      smart_be          3.1 s  seeded 100,000 members",
      "  central smart_central     0.2 s  already seeded, left alone",
      "  total                     3.3 s",
    ]);
  });
});

describe("scripts > stack > supervisor", () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "supervisor-"));
    await fs.writeFile(path.join(dir, "dies.mjs"), `console.log("hello from " + process.env.WHO); process.exit(3);`);
    await fs.writeFile(
      path.join(dir, "lives.mjs"),
      `console.log("up"); process.on("SIGTERM", () => { console.log("bye"); process.exit(0); }); setInterval(() => {}, 1000);`,
    );
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it("prefixes lines, restarts a dying service once when told to, keeps the others, then stops them all", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ write: (line) => lines.push(line), restartDelayMs: 10, maxRestarts: 1 });
    const dies = supervisor.start({ name: "BE", entry: path.join(dir, "dies.mjs"), env: { WHO: "BE" } });
    const lives = supervisor.start({ name: "gateway", entry: path.join(dir, "lives.mjs"), env: {} });
    for (let i = 0; i < 100 && !(dies.down && lines.some((l) => l.endsWith("| up"))); i++)
      await new Promise((r) => setTimeout(r, 50));

    expect(dies.down).to.equal(true);
    expect(dies.restarts).to.equal(1);
    expect(lines.filter((l) => l === "BE       | hello from BE")).to.have.length(2);
    expect(lines).to.include("BE       | exited unexpectedly (code 3)");
    expect(lines).to.include("BE       | stays down; the rest of the stack keeps running");
    expect(lives.child?.exitCode).to.equal(null);

    await supervisor.stopAll();
    expect(lives.child?.exitCode).to.equal(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).to.include("gateway  | bye");
    expect(lines.filter((l) => l.startsWith("gateway") && l.includes("unexpectedly"))).to.deep.equal([]);
  });

  it("restarts a crashing service each time, by default, doubling the delay with each crash in a row", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ write: (line) => lines.push(line), restartDelayMs: 10, maxRestartDelayMs: 40 });
    const dies = supervisor.start({ name: "FR", entry: path.join(dir, "dies.mjs"), env: { WHO: "FR" } });
    for (let i = 0; i < 200 && dies.restarts < 5; i++) await new Promise((r) => setTimeout(r, 50));
    await supervisor.stopAll();

    expect(dies.down).to.equal(false);
    expect(dies.restarts).to.be.at.least(5);
    const delays = lines.filter((l) => l.includes("restarting in")).map((l) => /restarting in (\d+) ms/.exec(l)?.[1]);
    expect(delays.slice(0, 5)).to.deep.equal(["10", "20", "40", "40", "40"]);
  });
});
