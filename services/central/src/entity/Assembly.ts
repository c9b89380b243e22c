import { EntitySchema } from "typeorm";

/** A general assembly of the European cooperative (GraphQL `Assembly`). */
export interface Assembly {
  /** `EU:…` */
  id: string;
  /** ISO date, `YYYY-MM-DD`. */
  heldOn: string;
  /** A national unit's city, `BE:brussels`. */
  cityId: string;
  title: string;
  /** Its online vote; null for an assembly recorded without one. */
  voteStatus: AssemblyVoteStatus | null;
  voteClosesAt: Date | null;
}

export type AssemblyVoteStatus = "SCHEDULED" | "OPEN" | "CLOSED";

export const AssemblyEntity = new EntitySchema<Assembly>({
  name: "Assembly",
  tableName: "assembly",
  columns: {
    id: { type: "text", primary: true },
    heldOn: { type: "date", name: "held_on" },
    cityId: { type: "text", name: "city_id" },
    title: { type: "text" },
    voteStatus: { type: "text", name: "vote_status", nullable: true },
    voteClosesAt: { type: "timestamptz", name: "vote_closes_at", nullable: true },
  },
});
