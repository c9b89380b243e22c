import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

/**
 * Subgraph names in the supergraph. The nine units compose as ONE `national`
 * subgraph; the gateway's shard router picks the unit(s) per fetch, so its URL
 * in the supergraph is a placeholder that is never called. `references` runs
 * inside the gateway process: no URL either.
 */
export const SUBGRAPH_NAMES = {
  national: "national",
  central: "central",
  references: "references",
  memberRights: "memberRights",
} as const;

export type SubgraphName = keyof typeof SUBGRAPH_NAMES;

const PLACEHOLDER_URLS: Record<SubgraphName, string> = {
  national: "http://national.shard-router.invalid/graphql",
  central: "http://central.invalid/graphql",
  references: "http://references.in-gateway.invalid/graphql",
  memberRights: "http://member-rights.in-gateway.invalid/graphql",
};

export type ComposeResult =
  { supergraphSdl: string; errors?: undefined } | { supergraphSdl?: undefined; errors: string[] };

/** Composes the supergraph as `rover supergraph compose` would. Deterministic: same SDL, same output. */
export function composeSupergraph(sdl: Record<SubgraphName, string>): ComposeResult {
  const names = Object.keys(SUBGRAPH_NAMES) as SubgraphName[];
  const result = composeServices(
    names.map((name) => ({ name: SUBGRAPH_NAMES[name], url: PLACEHOLDER_URLS[name], typeDefs: parse(sdl[name]) })),
  );
  if (result.errors) {
    return {
      errors: result.errors.map(
        (error) => `${typeof error.extensions?.code === "string" ? error.extensions.code : "ERROR"}: ${error.message}`,
      ),
    };
  }
  return { supergraphSdl: result.supergraphSdl };
}
