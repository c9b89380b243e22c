import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";

/** SHA-256 in hex with the Web Crypto API (browsers, Node ≥ 20): what APQ hashes queries with. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Tells Apollo Client's types that results may carry data and errors together (its documented way).
/* eslint-disable @typescript-eslint/no-namespace */
declare module "@apollo/client" {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: "all";
      }
      interface Query {
        errorPolicy: "all";
      }
      interface Mutate {
        errorPolicy: "all";
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace */

export function createApolloClient(options: { url: string; token?: () => string | undefined; fetch?: typeof fetch }) {
  // The caller's token on every request.
  const auth = new SetContextLink((context) => {
    const token = options.token?.();
    return token ? { headers: { ...context.headers, authorization: `Bearer ${token}` } } : {};
  });
  return new ApolloClient({
    // Automatic persisted queries: a known query travels as its hash. POST + JSON passes the gateway's CSRF check.
    link: ApolloLink.from([
      auth,
      new PersistedQueryLink({ sha256 }),
      new HttpLink({ uri: options.url, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    ]),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            // One list per country/filter/order; pages (Europe-wide cursors included) appended in order.
            members: relayStylePagination(["country", "filter", "orderBy"]),
            workspaces: relayStylePagination(["country", "filter"]),
          },
        },
      },
    }),
    // A unit that is down costs only its part (a SHARD_UNAVAILABLE error beside the data):
    // keep the data instead of throwing it away, as the default "none" would.
    defaultOptions: {
      watchQuery: { errorPolicy: "all" },
      query: { errorPolicy: "all" },
      mutate: { errorPolicy: "all" },
    },
  });
}
