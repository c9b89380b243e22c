import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import {
  BookingEntity,
  CityEntity,
  WorkspaceEntity,
  type Booking,
  type City,
  type MemberRecord,
  type Workspace,
} from "./entity/index.js";
import { selectMemberRecords } from "./members/memberRecords.js";
import { selectWorkspaceDays, type WorkspaceDay } from "./bookings/availability.js";
import { BOOKING_ORDER, withinDays } from "./bookings/bookingRows.js";

/** A relation over a range of days (`from`/`to` null: unbounded on that side). */
export interface RangeKey {
  id: string;
  from: string | null;
  to: string | null;
}

/**
 * A DataLoader of rows per ID within a range of days: the keys of one batch that
 * share a range (usually all of them: the same field of a list) are one statement.
 */
function byIdInRange<T>(
  load: (ids: string[], from: string | null, to: string | null) => Promise<T[]>,
  idOf: (row: T) => string,
) {
  const rangeOf = (key: RangeKey) => `${key.from ?? ""}/${key.to ?? ""}`;
  return new DataLoader<RangeKey, T[], string>(
    async (keys) => {
      const ranges = new Map<string, RangeKey[]>();
      for (const key of keys) {
        const range = rangeOf(key);
        if (ranges.has(range)) ranges.get(range)!.push(key);
        else ranges.set(range, [key]);
      }
      const found = new Map<string, T[]>();
      await Promise.all(
        [...ranges].map(async ([range, group]) => {
          const rows = await load([...new Set(group.map((key) => key.id))], group[0]!.from, group[0]!.to);
          for (const row of rows) {
            const at = `${idOf(row)}@${range}`;
            if (found.has(at)) found.get(at)!.push(row);
            else found.set(at, [row]);
          }
        }),
      );
      return keys.map((key) => found.get(`${key.id}@${rangeOf(key)}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.id}@${rangeOf(key)}` },
  );
}

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

  const cities = dataSource.getRepository(CityEntity);
  const workspaces = dataSource.getRepository(WorkspaceEntity);
  const bookings = dataSource.getRepository(BookingEntity);

  return {
    member: byIds<MemberRecord>((ids) => selectMemberRecords(dataSource, "m.id = ANY($1)", [ids])),
    city: byIds<City>((ids) => cities.findBy({ id: In(ids) })),
    workspace: byIds<Workspace>((ids) => workspaces.findBy({ id: In(ids) })),
    workspacesByCity: new DataLoader<string, Workspace[]>(async (cityIds) => {
      const rows = await workspaces.find({ where: { cityId: In([...cityIds]) }, order: { nameKey: "ASC", id: "ASC" } });
      return cityIds.map((cityId) => rows.filter((row) => row.cityId === cityId));
    }),
    booking: byIds<Booking>((ids) => bookings.findBy({ id: In(ids) })),
    bookingsByWorkspace: byIdInRange<Booking>(
      (ids, from, to) =>
        bookings.find({ where: { workspaceId: In(ids), ...withinDays(from, to) }, order: BOOKING_ORDER }),
      (booking) => booking.workspaceId,
    ),
    bookingsByMember: byIdInRange<Booking>(
      (ids, from, to) => bookings.find({ where: { memberId: In(ids), ...withinDays(from, to) }, order: BOOKING_ORDER }),
      (booking) => booking.memberId,
    ),
    /** Seat counters per workspace over a range (both ends required). */
    workspaceDays: byIdInRange<WorkspaceDay>(
      (ids, from, to) => selectWorkspaceDays(dataSource, ids, from!, to!),
      (day) => day.workspaceId,
    ),
    memberCountByCity: new DataLoader<string, number>(async (cityIds) => {
      const rows: { city_id: string; count: string }[] = await dataSource.query(
        `SELECT city_id, sum(members) AS count FROM member_tally WHERE city_id = ANY($1) AND status <> 'LEFT' GROUP BY city_id`,
        [[...cityIds]],
      );
      const counts = new Map(rows.map((row) => [row.city_id, Number(row.count)]));
      return cityIds.map((cityId) => counts.get(cityId) ?? 0);
    }),
  };
}

export type NationalLoaders = ReturnType<typeof createLoaders>;
