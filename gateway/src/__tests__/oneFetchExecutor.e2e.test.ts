import { expect } from "chai";
import { type Viewer } from "@smart/platform";
import { startEuropeStack, type EuropeStack } from "./helpers/europeStack.js";
import { testMembers } from "./helpers/memberData.js";
import { tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * An operation's first request is planned and run by @apollo/gateway; from the
 * second on, a plan of one fetch is run by the gateway's own executor
 * (execution/oneFetchExecutor.ts). Every answer must be the same either way:
 * data, errors (codes, messages, paths), HTTP status.
 */

type Caller = PersonViewer | undefined;

interface Case {
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  as?: Caller;
  /** Run by @apollo/gateway every time: not a plan of one fetch, or refused before it is planned. */
  notOneFetch?: true;
}

const OFFICE: Caller = { role: "central_office" };
const STAFF_BE: Caller = { role: "unit_staff", unit: "BE" };
const MEMBER_BE1: Caller = { role: "member", unit: "BE", sub: "BE:m1" };

const cases: Case[] = [
  {
    label: "a unit's page, aliased, with a named fragment",
    query: `query P { list: members(country: BE, first: 3) { pageInfo { more: hasNextPage endCursor } edges { c: cursor node { ...M } } } } fragment M on Member { id displayName city { name } }`,
    as: STAFF_BE,
  },
  {
    label: "a Europe-wide page (the router merges nine units)",
    query: `{ members(first: 7) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
    as: OFFICE,
  },
  {
    label: "@include and @skip from variables",
    query: `query($full: Boolean!, $terse: Boolean = false) { member(id: "BE:m2") { id displayName @include(if: $full) city @skip(if: $terse) { name } } }`,
    variables: { full: true },
    as: STAFF_BE,
  },
  {
    label: "fields the caller may not read: nulls and FORBIDDEN, the rest answered",
    query: `{ member(id: "BE:m2") { id displayName email phone } }`,
    as: MEMBER_BE1,
  },
  { label: "a signed-in-only field asked anonymously: UNAUTHENTICATED", query: `{ member(id: "BE:m2") { id } }` },
  {
    label: "a variable of the wrong type: 400 BAD_USER_INPUT",
    query: `query($first: Int) { members(country: BE, first: $first) { edges { node { id } } } }`,
    variables: { first: "ten" },
    as: OFFICE,
    notOneFetch: true,
  },
  { label: "a missing non-null variable: 400 BAD_USER_INPUT", query: `query($id: ID!) { member(id: $id) { id } }`, as: OFFICE, notOneFetch: true },
  { label: "a foreign ID the router refuses before any unit", query: `{ member(id: "XX:m1") { id } }`, as: OFFICE },
  { label: "a page too large for the units: their BAD_USER_INPUT", query: `{ members(country: BE, first: 500) { edges { node { id } } } }`, as: OFFICE },
  {
    label: "counts summed over nine units, __typename at the root",
    query: `{ __typename memberCount all: memberCount(filter: { status: ACTIVE }) }`,
    as: OFFICE,
  },
  {
    label: "a mutation the unit refuses, which writes nothing",
    query: `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
    variables: { input: { country: "BE", firstName: "Ana", lastName: "Pérez", email: "not-an-email", cityId: "BE:capital" } },
    as: STAFF_BE,
  },
  { label: "central and the units joined (entities): @apollo/gateway's", query: `{ countries { code memberCount } }`, as: OFFICE, notOneFetch: true },
  { label: "introspection: @apollo/gateway's", query: `{ __type(name: "Member") { name } }`, notOneFetch: true },
];

describe("gateway > plans of one fetch, run by the gateway's own executor, answer as @apollo/gateway does", () => {
  let stack: EuropeStack;

  before(async function () {
    this.timeout(120_000);
    stack = await startEuropeStack(testMembers(4), { production: true });
  });
  after(() => stack?.stop());

  const runs = async () => {
    const response = await fetch(new URL("/metrics", stack.gateway.url));
    const text = await response.text();
    const count = (runner: string) => Number(new RegExp(`^smart_gateway_plan_runs_total\\{runner="${runner}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { oneFetch: count("one_fetch"), apollo: count("apollo_gateway") };
  };

  for (const { label, query, variables, as, notOneFetch } of cases) {
    it(label, async () => {
      const headers: Record<string, string> = as ? { authorization: `Bearer ${await tokenFor(as)}` } : {};
      const send = async () => {
        const response = await fetch(stack.gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return { status: response.status, body: await response.json() };
      };
      const before = await runs();
      const planned = await send();
      const middle = await runs();
      const again = await send();
      const after = await runs();
      expect(again, "the second answer").to.deep.equal(planned);
      const executed = middle.oneFetch + middle.apollo > before.oneFetch + before.apollo;
      if (!executed) return; // refused before any plan ran (bad variables, limits): nothing to compare but the answer
      if (notOneFetch) {
        expect(after.oneFetch - middle.oneFetch, "one-fetch runs").to.equal(0);
      } else {
        expect([middle.apollo - before.apollo, after.oneFetch - middle.oneFetch], "@apollo/gateway first, then the executor").to.deep.equal([1, 1]);
      }
    });
  }
});
