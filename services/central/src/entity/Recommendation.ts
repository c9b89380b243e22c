import { EntitySchema } from "typeorm";

/** PROPOSED: by a working group, the central office has not decided yet. */
export type RecommendationStatus = "PROPOSED" | "DONE" | "IN_PROGRESS" | "NOT_DONE" | "REJECTED" | "POSTPONED";

export const RECOMMENDATION_STATUSES: readonly RecommendationStatus[] = [
  "PROPOSED",
  "DONE",
  "IN_PROGRESS",
  "NOT_DONE",
  "REJECTED",
  "POSTPONED",
];

/** What a Smart In Progress cycle asked of the cooperative (GraphQL `Recommendation`). */
export interface Recommendation {
  id: string;
  cycleId: string;
  /** Null for a recommendation of the whole cycle's plenary. */
  workingGroupId: string | null;
  title: string;
  status: RecommendationStatus;
}

export const RecommendationEntity = new EntitySchema<Recommendation>({
  name: "Recommendation",
  tableName: "recommendation",
  columns: {
    id: { type: "text", primary: true },
    cycleId: { type: "text", name: "cycle_id" },
    workingGroupId: { type: "text", name: "working_group_id", nullable: true },
    title: { type: "text" },
    status: { type: "text" },
  },
});
