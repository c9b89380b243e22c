import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "chai";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { startIdentityProvider, type RunningIdentityProvider } from "@smart/identity";
import { REPO_ROOT } from "../stack/paths.js";

/** `npm run --silent token -- …` as a developer runs it: the built script (the tests run after the build). */
function token(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "scripts/dist/token.js"), ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("scripts > npm run token", function () {
  this.timeout(60_000);
  let idp: RunningIdentityProvider;
  before(async () => (idp = await startIdentityProvider()));
  after(() => idp.stop());

  it("prints a token from the development provider at IDP_ISSUER, and only the token", async () => {
    const run = await token(["--role", "unit_staff", "--unit", "be"], { IDP_ISSUER: idp.issuer });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { payload, protectedHeader } = await jwtVerify(run.stdout.trim(), createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: "urn:smart:unit:be",
    });
    expect(protectedHeader.alg).to.equal("ES256");
    expect(payload).to.include({ role: "unit_staff", unit: "BE", sub: "staff:BE" });
    expect(payload.exp! - payload.iat!).to.equal(3600);
  });

  it("gives a member's token their ID, for the time asked", async () => {
    const run = await token(["--role", "member", "--unit", "FR", "--sub", "FR:m12", "--expires", "30m"], {
      IDP_ISSUER: idp.issuer,
    });
    expect(run.code, run.stderr).to.equal(0);
    const { payload } = await jwtVerify(run.stdout.trim(), createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: "urn:smart:graph",
    });
    expect(payload).to.include({ role: "member", unit: "FR", sub: "FR:m12" });
    expect(payload.exp! - payload.iat!).to.equal(1800);
  });

  it("makes tokens for a unit that is not a founding one (PT), and names what a code looks like", async () => {
    const run = await token(["--role", "member", "--unit", "pt", "--sub", "PT:m3"], { IDP_ISSUER: idp.issuer });
    expect(run.code, run.stderr).to.equal(0);
    const { payload } = await jwtVerify(run.stdout.trim(), createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: "urn:smart:graph",
    });
    expect(payload).to.include({ role: "member", unit: "PT", sub: "PT:m3" });
    const malformed = await token(["--role", "unit_staff", "--unit", "P1"], { IDP_ISSUER: idp.issuer });
    expect(malformed.code).to.equal(64);
    expect(malformed.stderr).to.contain("--unit: expected a unit's code: two letters, such as BE or PT, got 'P1'");
    const missing = await token(["--role", "unit_staff"], { IDP_ISSUER: idp.issuer });
    expect(missing.stderr).to.contain("--unit: a unit_staff token needs the code of its unit, such as BE");
  });

  it("refuses a member token without the member's ID in their unit (exit 64)", async () => {
    const run = await token(["--role", "member", "--unit", "FR", "--sub", "BE:m12"], { IDP_ISSUER: idp.issuer });
    expect(run.code).to.equal(64);
    expect(run.stderr).to.contain("--sub: a member token needs the member's ID in FR");
  });

  it("refuses an issuer that is not the development provider (exit 1), and says when none answers", async () => {
    const server = http.createServer((_req, res) => {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          issuer,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          grant_types_supported: ["authorization_code", "refresh_token"],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const production = await token(["--role", "central_office"], { IDP_ISSUER: issuer });
      expect(production.code).to.equal(1);
      expect(production.stdout).to.equal("");
      expect(production.stderr).to.contain(`${issuer} is not the development identity provider`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const nobody = await token(["--role", "central_office"], { IDP_ISSUER: "http://127.0.0.1:9" });
    expect(nobody.code).to.equal(1);
    expect(nobody.stderr).to.contain("No identity provider answers at http://127.0.0.1:9");
  });
});
