import { expect } from "chai";
import type { RunningStack } from "./runningStack.js";

// members(first: 100) costs 1 + 100 × (edges 1 + node (1 + its fields)): 48 node fields cost 5,001, one over the default limit.
const FIELDS =
  "id displayName firstName lastName email phone category status shares joinedOn city { id name memberCount country { code } } country { code } activeIn { code }";
const OVER_THE_LIMIT = `{ members(first: 100) { edges { node { ${FIELDS} ${Array.from({ length: 28 }, (_, i) => `f${i}: displayName`).join(" ")} } } } }`;

/**
 * The limits as the built services enforce them, not as the test runner's module
 * loader would: under plain Node a second copy of graphql makes every cost estimate
 * fail silently, so that no query is ever too costly (platform's queryLimits.ts).
 */
export function limitsCases(stack: () => RunningStack): void {
  const post = async (url: string, query: string, token: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      },
    };
  };

  it("a unit refuses a query one over the cost limit with QUERY_TOO_COMPLEX (HTTP 400), priced as 5,001", async () => {
    // Its own staff: the only tokens a unit takes directly.
    const token = await stack().bearer({ role: "unit_staff", unit: "BE" });
    const { status, body } = await post(stack().unitUrls.BE, OVER_THE_LIMIT, token);
    expect(status).to.equal(400);
    expect(body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
      [
        "QUERY_TOO_COMPLEX",
        "Query costs about 5001; the limit is 5000. Ask for smaller pages (first) or fewer nested lists.",
      ],
    ]);
  });

  it("the gateway refuses it before any unit is called, with the same price", async () => {
    const token = await stack().bearer({ role: "central_office" });
    const before = await stack().unitRequests();
    const { status, body } = await post(
      stack().gatewayUrl,
      OVER_THE_LIMIT.replace("members(first: 100)", "members(country: BE, first: 100)"),
      token,
    );
    expect(status).to.equal(400);
    expect(body.errors?.map((e) => [e.extensions?.code, e.message])).to.deep.equal([
      [
        "QUERY_TOO_COMPLEX",
        "Query costs about 5001; the limit is 5000. Ask for smaller pages (first) or fewer nested lists.",
      ],
    ]);
    expect(await stack().unitRequests()).to.equal(before);
  });

  it("both answer the same query one field under the limit, each with one request to BE", async () => {
    const token = await stack().bearer({ role: "unit_staff", unit: "BE" });
    const under = OVER_THE_LIMIT.replace(" f27: displayName", "");
    for (const url of [stack().unitUrls.BE, stack().gatewayUrl]) {
      const before = await stack().unitRequests();
      const { status, body } = await post(
        url,
        url === stack().gatewayUrl ? under.replace("members(first: 100)", "members(country: BE, first: 100)") : under,
        token,
      );
      expect(status, JSON.stringify(body.errors)).to.equal(200);
      expect(body.errors).to.equal(undefined);
      // The units' count sees a call through the gateway: the refusal above is not a counter that never moves.
      expect(await stack().unitRequests()).to.equal(before + 1);
    }
  });
}
