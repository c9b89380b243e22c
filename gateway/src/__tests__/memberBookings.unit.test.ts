import { expect } from "chai";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GraphQLFormattedError } from "graphql";
import { createMemberBookingsLoader, MEMBERS_PER_CALL } from "../references/memberBookings.js";
import type { Json } from "../json.js";

/** A stand-in for the shard router: answers each aliased `bookings(member:)` with `bookingsOf(member)`. */
function stubRouter(
  bookingsOf: (member: string) => { id: string; date: string }[] | null,
  extraErrors: GraphQLFormattedError[] = [],
) {
  const requests: { query: string; variables: Json; fetch: GraphQLDataSourceProcessOptions }[] = [];
  const router: GraphQLDataSource = {
    async process(fetch) {
      const variables = fetch.request.variables ?? {};
      requests.push({ query: fetch.request.query ?? "", variables, fetch });
      const data: Json = {};
      const errors: GraphQLFormattedError[] = [...extraErrors];
      for (const [, alias, variable] of fetch.request.query!.matchAll(/(\w+): bookings\(member: \$(\w+)/g)) {
        const list = bookingsOf(variables[variable!] as string);
        data[alias!] = list;
        if (!list)
          errors.push({ message: "unit down", path: [alias!], extensions: { code: "SHARD_UNAVAILABLE", unit: "FR" } });
      }
      return errors.length ? { data, errors } : { data };
    },
  };
  return { router, requests };
}

const incoming = (authorization: string) =>
  ({
    kind: "incoming operation",
    request: { query: "{ _entities { __typename } }" },
    incomingRequestContext: { request: { http: { headers: new Map([["authorization", authorization]]) } } },
    context: {},
  }) as unknown as GraphQLDataSourceProcessOptions;

describe("references > member bookings loader", () => {
  it("asks for all the lists of a fetch, whatever their date ranges, in one request per MEMBERS_PER_CALL, through the caller's fetch", async () => {
    const { router, requests } = stubRouter((member) => [{ id: `FR:b-${member}`, date: "2030-01-01" }]);
    const fetch = incoming("Bearer caller");
    const loader = createMemberBookingsLoader(router, fetch);
    const members = Array.from({ length: MEMBERS_PER_CALL + 3 }, (_, i) => `BE:m${i}`);
    const answers = await Promise.all([
      ...members.map((memberId) => loader.load({ memberId, from: null, to: null })),
      loader.load({ memberId: "BE:m0", from: "2030-01-01", to: "2030-01-31" }),
    ]);
    expect(answers.map((a) => a.ids)).to.deep.equal([...members.map((m) => [`FR:b-${m}`]), ["FR:b-BE:m0"]]);
    // 24 lists, two date ranges: two requests, not one per range (150 ranges of one member were 150 fan-outs).
    expect(requests.map((r) => Object.keys(r.variables).filter((v) => /^m\d/.test(v)).length)).to.have.members([
      MEMBERS_PER_CALL,
      4,
    ]);
    const last = requests.find((r) => Object.keys(r.variables).length === 4 * 3)!;
    expect([last.variables.m3, last.variables.f3, last.variables.t3]).to.deep.equal([
      "BE:m0",
      "2030-01-01",
      "2030-01-31",
    ]);
    expect([last.variables.m0, last.variables.f0, last.variables.t0]).to.deep.equal(["BE:m20", null, null]);
    // The router copies the Authorization from the fetch it is given: the caller's own.
    expect(
      requests.every(
        (r) =>
          "incomingRequestContext" in r.fetch &&
          r.fetch.incomingRequestContext === (fetch as { incomingRequestContext: unknown }).incomingRequestContext,
      ),
    ).to.equal(true);
    expect(
      requests.every(
        (r) =>
          /^query MemberBookings\(/.test(r.query) &&
          r.query.includes("__sr_member_0: bookings(member: $m0, from: $f0, to: $t0)"),
      ),
    ).to.equal(true);
  });

  it("orders a member's bookings by date across the units, keeping country order on ties", async () => {
    const { router } = stubRouter(() => [
      { id: "BE:b1", date: "2030-01-05" },
      { id: "DE:b1", date: "2030-01-03" },
      { id: "FR:b1", date: "2030-01-05" },
      { id: "FR:b2", date: "2030-01-01" },
    ]);
    const answer = await createMemberBookingsLoader(router, incoming("")).load({
      memberId: "BE:m1",
      from: null,
      to: null,
    });
    expect(answer.ids).to.deep.equal(["FR:b2", "DE:b1", "BE:b1", "FR:b1"]);
  });

  it("gives each member the errors of its own field, and every member those of the whole request", async () => {
    const { router } = stubRouter(
      (member) => (member === "BE:m2" ? null : []),
      [{ message: "about the request", extensions: { code: "BAD_USER_INPUT" } }],
    );
    const loader = createMemberBookingsLoader(router, incoming(""));
    const [first, second] = await Promise.all(
      ["BE:m1", "BE:m2"].map((memberId) => loader.load({ memberId, from: null, to: null })),
    );
    expect(first).to.deep.equal({
      ids: [],
      errors: [{ message: "about the request", path: [], extensions: { code: "BAD_USER_INPUT" } }],
    });
    expect(second!.ids).to.equal(null);
    expect(second!.errors).to.deep.equal([
      { message: "about the request", path: [], extensions: { code: "BAD_USER_INPUT" } },
      { message: "unit down", path: [], extensions: { code: "SHARD_UNAVAILABLE", unit: "FR" } },
    ]);
  });
});
