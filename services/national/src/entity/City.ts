import { EntitySchema } from "typeorm";

/** A city the unit works in (GraphQL `City`). */
export interface City {
  id: string;
  name: string;
  nameKey: string;
}

export const CityEntity = new EntitySchema<City>({
  name: "City",
  tableName: "city",
  columns: {
    id: { type: "text", primary: true },
    name: { type: "text" },
    nameKey: { type: "text", name: "name_key" },
  },
});
