import { EntitySchema } from "typeorm";

/** A motion voted by a general assembly (GraphQL `Resolution`). */
export interface Resolution {
  id: string;
  assemblyId: string;
  /** Order of the vote within its assembly, from 1. */
  position: number;
  title: string;
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  adopted: boolean;
}

export const ResolutionEntity = new EntitySchema<Resolution>({
  name: "Resolution",
  tableName: "resolution",
  columns: {
    id: { type: "text", primary: true },
    assemblyId: { type: "text", name: "assembly_id" },
    position: { type: "integer" },
    title: { type: "text" },
    votesFor: { type: "integer", name: "votes_for" },
    votesAgainst: { type: "integer", name: "votes_against" },
    abstentions: { type: "integer" },
    adopted: { type: "boolean" },
  },
});
