/** The subgraph names the supergraph composes (schema/src/compose.ts). */
export const SUBGRAPHS = {
  national: "national",
  central: "central",
  references: "references",
  memberRights: "memberRights",
} as const;
