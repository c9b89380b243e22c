import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

/**
 * Subgraph names in the supergraph. The nine units compose as ONE `national`
 * subgraph; the gateway's shard router picks the unit(s) per fetch, so its URL
 * in the supergraph is a placeholder that is never called.
 */
export const SUBGRAPH_NAMES = { national: "national", central: "central" } as const;

const PLACEHOLDER_URLS = {
  national: "http://national.shard-router.invalid/graphql",
  central: "http://central.invalid/graphql",
};

export type ComposeResult = { supergraphSdl: string; errors?: undefined } | { supergraphSdl?: undefined; errors: string[] };

/** Composes the supergraph as `rover supergraph compose` would. Deterministic: same SDL, same output. */
export function composeSupergraph(sdl: { national: string; central: string }): ComposeResult {
  const result = composeServices([
    { name: SUBGRAPH_NAMES.national, url: PLACEHOLDER_URLS.national, typeDefs: parse(sdl.national) },
    { name: SUBGRAPH_NAMES.central, url: PLACEHOLDER_URLS.central, typeDefs: parse(sdl.central) },
  ]);
  if (result.errors) {
    return { errors: result.errors.map((error) => `${error.extensions?.code ?? "ERROR"}: ${error.message}`) };
  }
  return { supergraphSdl: result.supergraphSdl };
}
