import { EntitySchema } from "typeorm";

/** Members join, propose and support while a cycle is OPEN; the central office opens one at a time. */
export type SipCycleStatus = "OPEN" | "CLOSED";

/** A cycle of Smart In Progress (GraphQL `SipCycle`). */
export interface SipCycle {
  id: string;
  year: number;
  theme: string;
  /** The assembly that voted the theme, when recorded. */
  themeVotedAtId: string | null;
  status: SipCycleStatus;
}

export const SipCycleEntity = new EntitySchema<SipCycle>({
  name: "SipCycle",
  tableName: "sip_cycle",
  columns: {
    id: { type: "text", primary: true },
    year: { type: "integer" },
    theme: { type: "text" },
    themeVotedAtId: { type: "text", name: "theme_voted_at", nullable: true },
    status: { type: "text" },
  },
});
