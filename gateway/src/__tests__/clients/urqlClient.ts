import { cacheExchange, Client, fetchExchange } from "@urql/core";

export function createUrqlClient(options: { url: string; token?: () => string | undefined; fetch?: typeof fetch }) {
  return new Client({
    url: options.url,
    exchanges: [cacheExchange, fetchExchange],
    // urql sends short queries as GET; the gateway's CSRF check lets a GET through with this header.
    fetchOptions: () => {
      const token = options.token?.();
      return {
        headers: { "apollo-require-preflight": "true", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      };
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
