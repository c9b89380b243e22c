import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { formatSeedReport } from "../stack/migrateAndSeed.js";
import { FOUNDING_UNITS, UsageError } from "@smart/platform";
import { parseSeedOptions, parseStartOptions } from "../stack/options.js";
import net from "node:net";
import { assertPortsFree, stackPorts } from "../stack/ports.js";
import { databaseNameOf, redact, withDatabase } from "../stack/postgres.js";
import { Supervisor } from "../stack/processes.js";
import { ALL_TARGETS } from "../stack/targets.js";

describe("scripts > stack > options", () => {
  it("seed: defaults to 2000 members and every founding unit's database and central's, admitting as seeded", () => {
    expect(parseSeedOptions([])).to.deep.equal({ membersPerUnit: 2000, targets: ALL_TARGETS });
  });

  it("seed: reads --members-per-unit, --units (any unit's code, central last) and --admit", () => {
    expect(
      parseSeedOptions(["--members-per-unit", "100000", "--units", "central,pt,fr,BE", "--admit", "at,PT"]),
    ).to.deep.equal({ membersPerUnit: 100_000, targets: ["BE", "FR", "PT", "central"], admit: ["AT", "PT"] });
  });

  it("seed: refuses a size that is not a whole number and a code that is not one", () => {
    expect(() => parseSeedOptions(["--members-per-unit", "lots"])).to.throw(/--members-per-unit/);
    expect(() => parseSeedOptions(["--units", "BE,UKR"])).to.throw(/'UKR' is not a unit's code/);
    expect(() => parseSeedOptions(["--admit", "BE,central"])).to.throw(/'central' always runs/);
  });

  it("start: runs the founding units by default, and any list of units given", () => {
    expect(parseStartOptions([])).to.deep.equal({ membersPerUnit: 2000, units: FOUNDING_UNITS });
    expect(parseStartOptions(["--units", "AT,BE,DE,ES,FR,HU,IT,NL,SE,PT"]).units).to.deep.equal([
      "AT",
      "BE",
      "DE",
      "ES",
      "FR",
      "HU",
      "IT",
      "NL",
      "PT",
      "SE",
    ]);
    expect(parseStartOptions(["--units", " pt , be,PT"]).units).to.deep.equal(["BE", "PT"]);
  });

  it("start: refuses malformed codes, central, the central office's EU and an empty list, naming each", () => {
    const usage = (units: string) => {
      try {
        parseStartOptions(["--units", units]);
      } catch (error) {
        expect(error).to.be.instanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`--units ${units} was accepted`);
    };
    expect(usage("BE,P1,Portugal")).to.equal(
      "--units: 'P1' is not a unit's code (two letters, such as BE or PT; EU is the central office's), got 'BE,P1,Portugal'\n" +
        "--units: 'Portugal' is not a unit's code (two letters, such as BE or PT; EU is the central office's), got 'BE,P1,Portugal'",
    );
    expect(usage("EU")).to.match(/'EU' is not a unit's code/);
    expect(usage("BE,central")).to.match(/'central' always runs with the stack/);
    expect(usage(",")).to.match(/expected at least one unit's code/);
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

  it("gives any unit its default port (PT 4509), or the one its UNIT_PORT_<CODE> says", () => {
    const ports = stackPorts({ UNIT_PORT_LU: "5100" }, ["BE", "LU", "PT"]);
    expect(ports.units).to.deep.equal({ BE: 4002, LU: 5100, PT: 4509 });
    expect(() => stackPorts({ UNIT_PORT_PT: "x" }, ["PT"])).to.throw(/UNIT_PORT_PT/);
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
