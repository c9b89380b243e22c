/** GraphQL `BudgetArea` (declared here, not imported from the generated types, which import this file). */
export type BudgetArea =
  "SHARED_TOOLS_AND_SERVICES" | "COOPERATIVE_LIFE" | "INTERNATIONAL_DEVELOPMENT" | "SHARED_WORKSPACES";

/** All the references subgraph holds of a member: its key. */
export interface MemberReference {
  id: string;
}

/** A booking as the planner hands it over: its key, and `memberId` where a field @requires it. */
export interface BookingReference {
  id: string;
  memberId?: string;
}

/** A budget priority as the planner hands it over: its key and the `area` that `indicators` @requires. */
export interface BudgetPriorityReference {
  id: string;
  area: BudgetArea;
}
