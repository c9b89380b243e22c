import { EntitySchema } from "typeorm";

/** A city's working group in a Smart In Progress cycle (GraphQL `WorkingGroup`). */
export interface WorkingGroup {
  id: string;
  cycleId: string;
  /** A national unit's city, `ES:malaga`. */
  cityId: string;
  topic: string;
}

export const WorkingGroupEntity = new EntitySchema<WorkingGroup>({
  name: "WorkingGroup",
  tableName: "working_group",
  columns: {
    id: { type: "text", primary: true },
    cycleId: { type: "text", name: "cycle_id" },
    cityId: { type: "text", name: "city_id" },
    topic: { type: "text" },
  },
});
