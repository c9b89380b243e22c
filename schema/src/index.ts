import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, type DocumentNode } from "graphql";

/** The folder holding the SDL files: the source of truth of the European graph. */
export const schemaDir = fileURLToPath(new URL("..", import.meta.url));

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");

/** The national subgraph's SDL (every unit runs it), with the @shard directive it imports. */
export function nationalSdl(): string {
  return [read("national.graphql"), read("shard.graphql"), read("access.graphql")].join("\n");
}

/**
 * The national SDL of the previous release (release/previous), as `nationalSdl()`
 * read it then: what the graph relies on every unit serving. A unit one release
 * behind serves it; the gateway refuses a unit that removes or changes any of it.
 * `npm run release -- previous <commit>` writes it.
 */
export function releasedNationalSdl(): string {
  return read("released/national.graphql");
}

export function centralSdl(): string {
  return read("central.graphql");
}

/** The references subgraph's SDL (the gateway runs it in process), with the @access directive it imports. */
export function referencesSdl(): string {
  return [read("references.graphql"), read("access.graphql")].join("\n");
}

/** The member-rights subgraph's SDL (the gateway runs it in process). */
export function memberRightsSdl(): string {
  return read("memberRights.graphql");
}

/** Every subgraph's SDL, by subgraph name: what the supergraph composes. */
export function subgraphSdls(): { national: string; central: string; references: string; memberRights: string } {
  return {
    national: nationalSdl(),
    central: centralSdl(),
    references: referencesSdl(),
    memberRights: memberRightsSdl(),
  };
}

export const nationalTypeDefs = (): DocumentNode => parse(nationalSdl());
export const centralTypeDefs = (): DocumentNode => parse(centralSdl());
export const referencesTypeDefs = (): DocumentNode => parse(referencesSdl());
export const memberRightsTypeDefs = (): DocumentNode => parse(memberRightsSdl());

/** The committed supergraph (`npm run compose` writes it). */
export function supergraphSdl(): string {
  return read("supergraph.graphql");
}

export { composeSupergraph, SUBGRAPH_NAMES, type SubgraphName } from "./compose.js";
