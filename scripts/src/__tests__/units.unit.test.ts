import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { expect } from "chai";
import { gatewayService, subgraphServices } from "../stack/services.js";
import { stackPorts } from "../stack/ports.js";
import type { StackPostgres } from "../stack/postgres.js";
import { readStackState, removeStackState, stackStateFile, writeStackState, type StackState } from "../stack/state.js";
import { unitUrlFromTemplate } from "@smart/platform";

const fakePostgres = {
  databaseOf: (target: string) => `smart_${target.toLowerCase()}`,
  urlOf: (target: string) => `postgres://127.0.0.1:5432/smart_${target.toLowerCase()}`,
} as StackPostgres;

describe("scripts > stack > units as data", () => {
  it("runs each listed unit on its port over its own database", () => {
    const ports = stackPorts({}, ["BE", "PT"]);
    const units = subgraphServices(ports, fakePostgres).filter((s) => s.name !== "central");
    expect(units.map((s) => [s.name, s.port, s.env.UNIT, s.env.PORT, s.env.DATABASE_URL])).to.deep.equal([
      ["BE", 4002, "BE", "4002", "postgres://127.0.0.1:5432/smart_be"],
      ["PT", 4509, "PT", "4509", "postgres://127.0.0.1:5432/smart_pt"],
    ]);
  });

  it("starts the gateway with the stack's units, finding each by the template, a moved one by its own URL", () => {
    const env = gatewayService(stackPorts({ UNIT_PORT_PT: "5509" }, ["AT", "BE", "PT"])).env;
    expect(env.GATEWAY_UNITS).to.equal("AT,BE,PT");
    expect(env.UNIT_URL_TEMPLATE).to.equal("http://127.0.0.1:{port}/graphql");
    expect(
      Object.keys(env).filter((name) => name.startsWith("UNIT_URL_") && name !== "UNIT_URL_TEMPLATE"),
    ).to.deep.equal(["UNIT_URL_PT"]);
    expect(env.UNIT_URL_PT).to.equal("http://127.0.0.1:5509/graphql");
    expect(unitUrlFromTemplate(env.UNIT_URL_TEMPLATE!, "BE")).to.equal("http://127.0.0.1:4002/graphql");
    expect(unitUrlFromTemplate(env.UNIT_URL_TEMPLATE!, "PT")).to.equal("http://127.0.0.1:4509/graphql");
  });

  it("expands every placeholder of a unit URL template", () => {
    expect(unitUrlFromTemplate("http://national.smart-{code_lower}.svc/{code}/{port}", "PT")).to.equal(
      "http://national.smart-pt.svc/PT/4509",
    );
  });
});

describe("scripts > stack > state file", () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "stack-state-"));
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  const state = (pid: number): StackState => ({
    pid,
    ports: { gateway: 4000, central: 4010, identity: 4020, units: { BE: 4002 } },
    unitUrlTemplate: "http://127.0.0.1:{port}/graphql",
    postgresEnv: { DATABASE_URL: "postgres://dev:secret@127.0.0.1/smart" },
  });

  it("is .data/stack.json unless STACK_STATE_FILE says otherwise", () => {
    expect(stackStateFile({})).to.match(/[/\\]\.data[/\\]stack\.json$/);
    expect(stackStateFile({ STACK_STATE_FILE: path.join(dir, "x.json") })).to.equal(path.join(dir, "x.json"));
  });

  it("is read back while its launcher lives, readable by its owner only, and removed only by it", async () => {
    const file = path.join(dir, "live.json");
    await writeStackState(file, state(process.pid));
    expect(await readStackState(file)).to.deep.equal(state(process.pid));
    expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
    await removeStackState(file, process.pid + 1);
    expect(await readStackState(file)).to.not.equal(undefined);
    await removeStackState(file);
    expect(await readStackState(file)).to.equal(undefined);
  });

  it("is ignored once its launcher is gone, and refused when it is not a state file", async () => {
    const child = spawn(process.execPath, ["-e", ""]);
    const gonePid = child.pid!;
    await new Promise((resolve) => child.once("exit", resolve));
    const file = path.join(dir, "stale.json");
    await writeStackState(file, state(gonePid));
    expect(await readStackState(file)).to.equal(undefined);
    await fs.writeFile(file, "{}");
    let error: Error | undefined;
    await readStackState(file).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/is not a stack's state file/);
  });
});
