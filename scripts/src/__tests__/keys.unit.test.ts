import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import {
  FOUNDING_UNITS,
  createGatewaySigner,
  createSignatureVerifier,
  cursorMasterKeys,
  gatewayCursors,
  gatewayPublicKeys,
  gatewaySigningKey,
  unitCursorCodec,
  unitCursorKeys,
} from "@smart/platform";
import { REPO_ROOT } from "../stack/paths.js";
import { describeKeys, freshDeploymentKeys, unitCursorKeyFrom } from "../keys/gatewayKeys.js";

/** `npm run keys` as a user runs it: the built script (the tests run after the build; tsx would spend seconds transpiling each run). */
const keysCli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts/dist/keys.js"), ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });

/** `NAME=value` lines as a process's environment (a double-quoted value read as JSON, as Compose reads `\n`). */
function envOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!.startsWith('"') ? (JSON.parse(match[2]!) as string) : match[2]!;
  }
  return env;
}

describe("npm run keys", () => {
  it("makes keys each process accepts in production: the gateway signs, each unit and central verify; each unit's cursor key is the gateway's derivation", () => {
    const keys = freshDeploymentKeys("gateway-test");
    const production = { NODE_ENV: "production" };
    const signer = createGatewaySigner(gatewaySigningKey({ ...production, ...keys.gateway }));
    const masters = cursorMasterKeys({ ...production, ...keys.gateway });
    for (const unit of FOUNDING_UNITS) {
      const env = { ...production, ...keys.units[unit] };
      expect(env).not.to.have.property("GATEWAY_SIGNING_KEY");
      expect(env).not.to.have.property("CURSOR_MASTER_KEY");
      const verifier = createSignatureVerifier(gatewayPublicKeys(env), { self: unit });
      const body = "{}";
      const url = `http://127.0.0.1:4001/graphql`;
      expect(
        verifier.isSignedByGateway({
          method: "POST",
          targetUri: url,
          headers: signer.sign({ url, target: unit, headers: {}, body }),
          body,
        }),
      ).to.equal(true);
      const sealed = unitCursorCodec(unit, unitCursorKeys(unit, env)).encode(unit, {
        order: "NAME_ASC",
        key: ["a", `${unit}:m1`],
      });
      expect(gatewayCursors(masters).peek(unit, sealed), `${unit}'s cursor, opened by the gateway`).to.deep.equal({
        order: "NAME_ASC",
        key: ["a", `${unit}:m1`],
      });
      expect(unitCursorKeyFrom(keys.gateway.CURSOR_MASTER_KEY!, unit)).to.equal(keys.units[unit]!.CURSOR_KEY);
    }
    expect(keys.central).to.have.keys(["GATEWAY_PUBLIC_KEYS"]);
  });

  it("prints them as environment lines the services read back, the PEM with \\n", () => {
    const printed = keysCli("--kid", "gateway-cli");
    expect(printed.status, printed.stderr).to.equal(0);
    const env = envOf(printed.stdout);
    expect(env.GATEWAY_SIGNING_KEY_ID).to.equal("gateway-cli");
    expect(gatewaySigningKey({ NODE_ENV: "production", ...env }).keyId).to.equal("gateway-cli");
    expect(gatewayPublicKeys({ NODE_ENV: "production", ...env }).map((key) => key.keyId)).to.deep.equal([
      "gateway-cli",
    ]);
    expect(printed.stdout.match(/^CURSOR_KEY=/gm)).to.have.length(FOUNDING_UNITS.length);
  });

  it("prints one unit's CURSOR_KEY from a master (flag or CURSOR_MASTER_KEY), and refuses without one", () => {
    const master = freshDeploymentKeys("x").gateway.CURSOR_MASTER_KEY!;
    const expected = `CURSOR_KEY=${unitCursorKeyFrom(master, "BE")}\n`;
    expect(keysCli("--unit", "be", "--master", master).stdout).to.equal(expected);
    const fromEnv = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts/dist/keys.js"), "--unit", "BE"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CURSOR_MASTER_KEY: master },
    });
    expect(fromEnv.stdout).to.equal(expected);
    const without = keysCli("--unit", "BE");
    expect(without.status).to.equal(64);
    expect(without.stderr).to.match(/--unit: give the master/);
  });

  it("makes the keys of the units it is given (--units), and any unit's CURSOR_KEY later from the master", () => {
    const printed = keysCli("--units", "be,PT");
    expect(printed.status, printed.stderr).to.equal(0);
    expect(printed.stdout)
      .to.match(/# BE\nCURSOR_KEY=/)
      .and.match(/# PT\nCURSOR_KEY=/);
    expect(printed.stdout.match(/^CURSOR_KEY=/gm)).to.have.length(2);
    const master = envOf(printed.stdout).CURSOR_MASTER_KEY!;
    const ptKey = /# PT\n(CURSOR_KEY=.*)\n/.exec(printed.stdout)![1];
    const later = keysCli("--unit", "pt", "--master", master);
    expect(later.status, later.stderr).to.equal(0);
    expect(later.stdout).to.equal(`${ptKey}\n`);
    const malformed = keysCli("--units", "BE,P1");
    expect(malformed.status).to.equal(64);
    expect(malformed.stderr).to.match(/--units: 'P1' is not a unit's code/);
  });

  it("describes who holds what", () => {
    const text = describeKeys(freshDeploymentKeys("gateway-doc"));
    expect(text)
      .to.match(/# The gateway's namespace only/)
      .and.match(/# Every unit's and central's namespace/)
      .and.match(/# BE\nCURSOR_KEY=/);
  });
});
