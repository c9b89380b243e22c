import { expect } from "chai";
import { sharedTestPostgres } from "@smart/devdb";
import { DEVELOPMENT_JWT_SECRET, signToken } from "@smart/platform";
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

  it("serves the public directory to anonymous callers and to valid tokens", async () => {
    expect((await post()).status).to.equal(200);
    const token = await signToken({ role: "central_office" }, DEVELOPMENT_JWT_SECRET);
    expect((await post(`Bearer ${token}`)).status).to.equal(200);
  });

  it("refuses a wrongly signed or expired token with 401 UNAUTHENTICATED, as the gateway does", async () => {
    for (const token of [
      await signToken({ role: "central_office" }, "not-the-secret-not-the-secret-not-the-secret"),
      await signToken({ role: "central_office" }, DEVELOPMENT_JWT_SECRET, Math.floor(Date.now() / 1000) - 120),
    ]) {
      const response = await post(`Bearer ${token}`);
      expect(response.status).to.equal(401);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).to.equal("UNAUTHENTICATED");
    }
  });
});
