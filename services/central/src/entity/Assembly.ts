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
}

export const AssemblyEntity = new EntitySchema<Assembly>({
  name: "Assembly",
  tableName: "assembly",
  columns: {
    id: { type: "text", primary: true },
    heldOn: { type: "date", name: "held_on" },
    cityId: { type: "text", name: "city_id" },
    title: { type: "text" },
  },
});
