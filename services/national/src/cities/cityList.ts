import type { DataSource } from "typeorm";
import { CityEntity, type City } from "../entity/index.js";

/** The unit's cities by name: a few dozen at most, unpaged. */
export function listCities(dataSource: DataSource): Promise<City[]> {
  return dataSource.getRepository(CityEntity).find({ order: { nameKey: "ASC", id: "ASC" } });
}
