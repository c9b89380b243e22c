import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Counts of people, not rows. A member who moved to another unit or was erased
 * keeps a row here (a tombstone: `moved_to` or `erased_at`, status LEFT), but is
 * no longer anyone this unit counts: the moved member is counted where they live
 * now, the erased one nowhere. The tally and the month counts the triggers keep
 * now skip tombstones (a row becoming one is subtracted, as if deleted), and both
 * are rebuilt from the members once. Only the trigger functions change (no
 * column), so code of either version reads the same tables; `down` restores the
 * functions that counted every row and rebuilds again.
 */
export class TombstonesUncounted1764700000000 implements MigrationInterface {
  name = "TombstonesUncounted1764700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceFunctions(queryRunner, TOMBSTONES_UNCOUNTED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceFunctions(queryRunner, ``);
  }
}

/** A person of the unit, as the counters of this migration count them. */
export const TOMBSTONES_UNCOUNTED = `WHERE moved_to IS NULL AND erased_at IS NULL`;

/** The two trigger functions, counting only the rows `people` keeps, and both tables rebuilt under a lock on `member`. */
export async function replaceFunctions(queryRunner: QueryRunner, people: string): Promise<void> {
  await queryRunner.query(`LOCK TABLE member IN SHARE ROW EXCLUSIVE MODE`);
  await queryRunner.query(`
    CREATE OR REPLACE FUNCTION member_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE member_tally t SET members = t.members - o.n
        FROM (SELECT city_id, status, category, count(*) AS n FROM old_rows ${people} GROUP BY 1, 2, 3) o
        WHERE t.city_id = o.city_id AND t.status = o.status AND t.category = o.category;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO member_tally AS t (city_id, status, category, members)
        SELECT city_id, status, category, count(*) FROM new_rows ${people} GROUP BY 1, 2, 3
        ON CONFLICT (city_id, status, category) DO UPDATE SET members = t.members + EXCLUDED.members;
      END IF;
      RETURN NULL;
    END $$`);
  await queryRunner.query(`
    CREATE OR REPLACE FUNCTION member_month_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO member_month_count AS c (city_id, category, status, joined_month, members)
          SELECT city_id, category, status, date_trunc('month', joined_on)::date, count(*)
            FROM new_members ${people} GROUP BY 1, 2, 3, 4
          ORDER BY 1, 2, 3, 4
          ON CONFLICT (city_id, category, status, joined_month) DO UPDATE SET members = c.members + excluded.members;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE member_month_count AS c SET members = c.members - o.members
          FROM (SELECT city_id, category, status, date_trunc('month', joined_on)::date AS joined_month, count(*)::int AS members
                  FROM old_members ${people} GROUP BY 1, 2, 3, 4) o
         WHERE (c.city_id, c.category, c.status, c.joined_month) = (o.city_id, o.category, o.status, o.joined_month);
      END IF;
      RETURN NULL;
    END
    $$`);
  await queryRunner.query(`DELETE FROM member_tally`);
  await queryRunner.query(`
    INSERT INTO member_tally (city_id, status, category, members)
    SELECT city_id, status, category, count(*) FROM member ${people} GROUP BY 1, 2, 3`);
  await queryRunner.query(`DELETE FROM member_month_count`);
  await queryRunner.query(`
    INSERT INTO member_month_count (city_id, category, status, joined_month, members)
    SELECT city_id, category, status, date_trunc('month', joined_on)::date, count(*) FROM member ${people} GROUP BY 1, 2, 3, 4`);
}
