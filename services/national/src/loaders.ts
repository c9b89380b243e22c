import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import { CityEntity, MemberEntity, WorkspaceEntity, type City, type Member, type Workspace } from "./entity/index.js";

/**
 * Per-request DataLoaders: every relation and every `__resolveReference` goes
 * through one, so a request's SQL statements stay constant as results grow
 * (one statement per batch).
 */
export function createLoaders(dataSource: DataSource) {
  const byIds = <T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = new Map((await load([...ids])).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    });

  const members = dataSource.getRepository(MemberEntity);
  const cities = dataSource.getRepository(CityEntity);
  const workspaces = dataSource.getRepository(WorkspaceEntity);

  return {
    member: byIds<Member>((ids) => members.findBy({ id: In(ids) })),
    city: byIds<City>((ids) => cities.findBy({ id: In(ids) })),
    workspace: byIds<Workspace>((ids) => workspaces.findBy({ id: In(ids) })),
    workspacesByCity: new DataLoader<string, Workspace[]>(async (cityIds) => {
      const rows = await workspaces.find({ where: { cityId: In([...cityIds]) }, order: { nameKey: "ASC", id: "ASC" } });
      return cityIds.map((cityId) => rows.filter((row) => row.cityId === cityId));
    }),
    memberCountByCity: new DataLoader<string, number>(async (cityIds) => {
      const rows: { city_id: string; count: string }[] = await dataSource.query(
        `SELECT city_id, count(*) AS count FROM member WHERE city_id = ANY($1) GROUP BY city_id`,
        [[...cityIds]],
      );
      const counts = new Map(rows.map((row) => [row.city_id, Number(row.count)]));
      return cityIds.map((cityId) => counts.get(cityId) ?? 0);
    }),
  };
}

export type NationalLoaders = ReturnType<typeof createLoaders>;
