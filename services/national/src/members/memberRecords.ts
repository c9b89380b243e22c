import type { DataSource } from "typeorm";
import type { MemberRecord } from "../entity/index.js";

/**
 * Members are read with one hand-written statement, not through the entity: the
 * columns arrive named as MemberRecord's fields (no hydration), the join date as
 * text (no Date made and turned back), and the member's city joined in, so that a
 * page resolves `city` without a second statement or a promise per member.
 */
const SELECT_MEMBER_RECORDS = `SELECT m.id, m.first_name AS "firstName", m.last_name AS "lastName", m.name_key AS "nameKey", m.email, m.phone,
    m.category, m.status, m.shares, m.city_id AS "cityId", m.active_in AS "activeIn", m.joined_on::text AS "joinedOn",
    m.preferred_language AS "preferredLanguage", m.moved_to AS "movedTo", c.name AS "cityName", c.name_key AS "cityNameKey"
  FROM member m JOIN city c ON c.id = m.city_id`;

type JoinedRow = Omit<MemberRecord, "city"> & { cityName: string; cityNameKey: string; city?: MemberRecord["city"] };

/** Members matching `where` (over `member m`, `$1`… in `parameters`), then `rest` (ORDER BY, LIMIT). */
export async function selectMemberRecords(
  dataSource: DataSource,
  where: string,
  parameters: readonly unknown[],
  rest = "",
): Promise<MemberRecord[]> {
  const rows = await dataSource.query<JoinedRow[]>(`${SELECT_MEMBER_RECORDS} WHERE ${where} ${rest}`, [...parameters]);
  for (const row of rows) row.city = { id: row.cityId, name: row.cityName, nameKey: row.cityNameKey };
  return rows;
}
