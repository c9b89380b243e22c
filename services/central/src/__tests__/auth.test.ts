import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { testIdentity } from "@smart/identity/testing";
import { startCentralTestServer, type CentralTestServer } from "./support/centralTestServer.js";

describe("central > tokens", () => {
  let central: CentralTestServer;
  before(async () => {
    central = await startCentralTestServer(await sharedTestPostgres(), "auth");
  });
  after(() => central?.stop());

  const post = (authorization?: string) =>
    fetch(central.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: "{ countries { code } }" }),
    });
  const codeOf = async (response: Response) =>
    ((await response.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;

  it("serves the public directory to anonymous callers", async () => {
    expect((await post()).status).to.equal(200);
  });

  it("accepts no person's token directly: the central office's works at the gateway only (401, naming the audience)", async () => {
    const identity = await testIdentity();
    for (const viewer of [
      { role: "central_office" },
      { role: "unit_staff", unit: "BE" },
      { role: "member", unit: "BE", sub: "BE:m1" },
    ] as const) {
      const response = await post(`Bearer ${await identity.token(viewer)}`);
      expect(response.status, viewer.role).to.equal(401);
      const error = await codeOf(response);
      expect(error.extensions.code).to.equal("UNAUTHENTICATED");
      expect(error.message).to.match(/not for this service: its audience must include urn:smart:central/);
    }
  });

  it("refuses a forged or expired token with 401 UNAUTHENTICATED, as the gateway does", async () => {
    const identity = await testIdentity();
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      await identity.forged({ role: "central_office" }),
      await identity.signedByProvider({
        iss: identity.issuer,
        aud: "urn:smart:central",
        sub: "central-office",
        role: "central_office",
        iat: now - 3600,
        exp: now - 120,
      }),
    ]) {
      const response = await post(`Bearer ${token}`);
      expect(response.status).to.equal(401);
      expect((await codeOf(response)).extensions.code).to.equal("UNAUTHENTICATED");
    }
  });
});
