import { EntitySchema } from "typeorm";
import type { Language } from "@smart/platform";

export type BudgetArea =
  "SHARED_TOOLS_AND_SERVICES" | "COOPERATIVE_LIFE" | "INTERNATIONAL_DEVELOPMENT" | "SHARED_WORKSPACES";

/** A general assembly's budget priority (GraphQL `BudgetPriority`); its texts are translations. */
export interface BudgetPriority {
  /** `EU:…` */
  id: string;
  assemblyId: string;
  /** 1 for the first. */
  rank: number;
  area: BudgetArea;
  /** The language the assembly wrote it in. */
  originalLanguage: Language;
}

export const BudgetPriorityEntity = new EntitySchema<BudgetPriority>({
  name: "BudgetPriority",
  tableName: "budget_priority",
  columns: {
    id: { type: "text", primary: true },
    assemblyId: { type: "text", name: "assembly_id" },
    rank: { type: "integer" },
    area: { type: "text" },
    originalLanguage: { type: "text", name: "original_language" },
  },
});
