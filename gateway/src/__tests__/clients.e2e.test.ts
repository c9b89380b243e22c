import { expect } from "chai";
import { readFileSync } from "node:fs";
import { gql } from "@apollo/client";
import { createApolloClient } from "./clients/apolloClient.js";
import { createUrqlClient } from "./clients/urqlClient.js";
import { finishSignIn, signInUrl, type SignInClient } from "./clients/signIn.js";
import { startEuropeStack, type EuropeStack } from "./helpers/europeStack.js";
import { testMembers } from "./helpers/memberData.js";
import { testIdentity, tokenFor, type PersonViewer } from "@smart/identity/testing";

/**
 * The client setups of docs/calling-the-graph.md, run as written
 * (./clients/) against the real European graph over real HTTP.
 */

const members = testMembers(5);

interface Sent {
  method: string;
  body: { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } } | null;
  url: string;
}

/** fetch, recording what each request sent. */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : null;
    sent.push({ method: init?.method ?? "GET", body, url: input instanceof Request ? input.url : input.toString() });
    return fetch(input, init);
  };
}

describe("calling the graph from client libraries", function () {
  this.timeout(120_000);
  let stack: EuropeStack;
  let token: string | undefined;
  const sent: Sent[] = [];
  const as = async (viewer: PersonViewer | undefined) => void (token = viewer ? await tokenFor(viewer) : undefined);

  before(async () => {
    stack = await startEuropeStack(members);
  });
  after(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    sent.length = 0;
  });

  it("docs/calling-the-graph.md shows these setups as they are tested", () => {
    const page = readFileSync(new URL("../../../docs/calling-the-graph.md", import.meta.url), "utf8");
    for (const file of ["apolloClient.ts", "urqlClient.ts"]) {
      expect(page, file).to.contain(readFileSync(new URL(`./clients/${file}`, import.meta.url), "utf8"));
    }
    const signIn = readFileSync(new URL("../../../docs/sign-in.md", import.meta.url), "utf8");
    expect(signIn, "signIn.ts").to.contain(readFileSync(new URL("./clients/signIn.ts", import.meta.url), "utf8"));
  });

  describe("Apollo Client 4", () => {
    const client = () =>
      createApolloClient({ url: stack.gateway.url, token: () => token, fetch: recordingFetch(sent) });

    it("normalises countries by their id, without configuration", async () => {
      await as(undefined);
      const apollo = client();
      const { data, error } = await apollo.query({
        query: gql`
          query CountryNames {
            countries {
              id
              code
              name
            }
          }
        `,
      });
      expect(error).to.equal(undefined);
      expect((data as { countries: unknown[] }).countries).to.have.length(9);
      expect(apollo.cache.extract()).to.have.property("Country:BE").that.deep.includes({ id: "BE", code: "BE" });
    });

    it("pages a Europe-wide member list with relayStylePagination, merging pages in one European order", async () => {
      await as({ role: "central_office" });
      const apollo = client();
      const PAGE = gql`
        query MemberPage($after: String) {
          members(first: 4, orderBy: NAME_ASC, after: $after) {
            edges {
              cursor
              node {
                id
                displayName
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `;
      const first: any = await apollo.query({ query: PAGE, variables: {} });
      expect(first.data.members.edges).to.have.length(4);
      // What fetchMore does: the next page, from the network, lands in the same cached list
      // (`after` is not one of its key arguments) after the first.
      await apollo.query({
        query: PAGE,
        variables: { after: first.data.members.pageInfo.endCursor },
        fetchPolicy: "network-only",
      });
      const merged = (
        apollo.readQuery({ query: PAGE, variables: {} }) as { members: { edges: { node: { id: string } }[] } }
      ).members.edges.map((e) => e.node.id);
      const { data: eight }: any = await apollo.query({
        query: gql`
          {
            members(first: 8, orderBy: NAME_ASC) {
              edges {
                node {
                  id
                }
              }
            }
          }
        `,
        fetchPolicy: "network-only",
      });
      expect(merged).to.deep.equal(eight.members.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(new Set(merged.map((id) => id.slice(0, 2))).size, "units in the merged list").to.be.greaterThan(1);
    });

    it("updates the cached member after a mutation, by its normalised id", async () => {
      await as({ role: "member", unit: "BE", sub: "BE:m1" });
      const apollo = client();
      const MEMBER = gql`
        query Me {
          member(id: "BE:m1") {
            id
            displayName
            phone
          }
        }
      `;
      await apollo.query({ query: MEMBER });
      const phone = `+32 2 555 ${String(Date.now()).slice(-4)}`;
      const { error } = await apollo.mutate({
        mutation: gql`
          mutation ($phone: String) {
            updateMember(id: "BE:m1", input: { phone: $phone }) {
              id
              phone
            }
          }
        `,
        variables: { phone },
      });
      expect(error).to.equal(undefined);
      expect((apollo.readQuery({ query: MEMBER }) as { member: { phone: string } }).member.phone).to.equal(phone);
    });

    it("sends a known query as its hash alone (automatic persisted queries)", async () => {
      await as(undefined);
      const apollo = client();
      const QUERY = gql`
        query Cities {
          cities {
            id
            name
          }
        }
      `;
      await apollo.query({ query: QUERY });
      await apollo.query({ query: QUERY, fetchPolicy: "network-only" });
      const hashes = sent.map((request) => request.body?.extensions?.persistedQuery?.sha256Hash);
      expect(new Set(hashes).size, "one hash throughout").to.equal(1);
      expect(hashes[0]).to.match(/^[0-9a-f]{64}$/);
      // Unknown at first: the hash alone, then the text; the second time the hash alone is enough.
      expect(sent.map((request) => request.body?.query === undefined)).to.deep.equal([true, false, true]);
    });

    it("keeps the other units' data when one unit is down (errorPolicy all)", async () => {
      await as(undefined);
      const apollo = client();
      await stack.units.stop("SE");
      const { data, error }: any = await apollo.query({
        query: gql`
          {
            workspaces(first: 20) {
              edges {
                node {
                  id
                }
              }
            }
          }
        `,
      });
      expect(data.workspaces.edges.map((e: { node: { id: string } }) => e.node.id)).to.have.length(8);
      expect(String(error)).to.contain("SE unit is unavailable");
    });
  });

  describe("urql", () => {
    const client = () => createUrqlClient({ url: stack.gateway.url, token: () => token, fetch: recordingFetch(sent) });

    it("sends short queries as GET, which the gateway's CSRF check lets through with its header", async () => {
      await as(undefined);
      const result = await client().query(`{ countries { id code name } }`, {}).toPromise();
      expect(result.error).to.equal(undefined);
      expect(result.data.countries).to.have.length(9);
      expect(sent.map((request) => request.method)).to.deep.equal(["GET"]);
    });

    it("lets unit staff register a member and list their unit with it", async () => {
      await as({ role: "unit_staff", unit: "BE" });
      const urql = client();
      const registered = await urql
        .mutation(`mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id displayName } }`, {
          input: {
            country: "BE",
            firstName: "Zoë",
            lastName: "Lefèvre",
            email: "zoe@example.be",
            cityId: "BE:capital",
          },
        })
        .toPromise();
      expect(registered.error).to.equal(undefined);
      const id = registered.data.registerMember.id as string;
      const listed = await urql
        .query(`{ members(country: BE, first: 100) { edges { node { id } } } }`, {}, { requestPolicy: "network-only" })
        .toPromise();
      expect(listed.error).to.equal(undefined);
      expect(listed.data.members.edges.map((e: { node: { id: string } }) => e.node.id)).to.include(id);
    });
  });

  describe("a signed-in user (the browser flow: Authorization Code + PKCE)", () => {
    /** A tab's sessionStorage. */
    const tab = () => {
      const items = new Map<string, string>();
      return {
        getItem: (k: string) => items.get(k) ?? null,
        setItem: (k: string, v: string) => void items.set(k, v),
        removeItem: (k: string) => void items.delete(k),
      };
    };
    /**
     * What the browser does between signInUrl and the redirect back: follows the
     * provider's redirects with its cookies, types `account` at its login form
     * (or cancels), and stops at the address it is sent back to.
     */
    async function atTheProvider(start: string, redirectUri: string, account: string | null): Promise<string> {
      const cookies = new Map<string, string>();
      let url = start;
      let form: URLSearchParams | undefined;
      for (let step = 0; step < 10; step++) {
        const response = await fetch(url, {
          method: form ? "POST" : "GET",
          redirect: "manual",
          headers: {
            cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
            ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          },
          ...(form ? { body: form } : {}),
        });
        form = undefined;
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(";");
          const at = pair!.indexOf("=");
          cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
        const location = response.headers.get("location");
        if (location) {
          url = new URL(location, url).href;
          if (url.startsWith(redirectUri)) return url;
          continue;
        }
        const html = await response.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        expect(action, `a login form at ${url}`).to.be.a("string");
        url = new URL(account === null ? action!.replace(/login$/, "abort") : action!, url).href;
        form = new URLSearchParams(account === null ? {} : { login: account });
      }
      throw new Error("the provider never sent the browser back");
    }

    it("gives Apollo Client the member's own token, which reads their email", async () => {
      const identity = await testIdentity();
      // The development provider's dashboard client (its redirect URI); your app registers its own.
      const app: SignInClient = {
        issuer: identity.issuer,
        clientId: "smart-dashboard",
        redirectUri: "http://localhost:4000/dashboard/",
      };
      const storage = tab();
      const back = await atTheProvider(await signInUrl(app, storage), app.redirectUri, "BE:m2");
      const session = await finishSignIn(app, back, storage);
      expect(session.expiresAt).to.be.greaterThan(Date.now());
      const client = createApolloClient({ url: stack.gateway.url, token: () => session.accessToken });
      const { data, error } = await client.query({
        query: gql`
          {
            member(id: "BE:m2") {
              id
              email
            }
          }
        `,
      });
      expect(error).to.equal(undefined);
      expect((data as { member: unknown }).member).to.deep.equal({
        __typename: "Member",
        id: "BE:m2",
        email: "BE.m2@example.org",
      });
    });

    it("throws the provider's refusal when the person cancels", async () => {
      const identity = await testIdentity();
      const app: SignInClient = {
        issuer: identity.issuer,
        clientId: "smart-dashboard",
        redirectUri: "http://localhost:4000/dashboard/",
      };
      const storage = tab();
      const back = await atTheProvider(await signInUrl(app, storage), app.redirectUri, null);
      let refusal: unknown;
      await finishSignIn(app, back, storage).catch((error: unknown) => (refusal = error));
      expect(refusal).to.have.property("error", "access_denied");
    });
  });
});
