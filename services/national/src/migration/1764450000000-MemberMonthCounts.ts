import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Members counted per city, category, status and month joined, kept by triggers:
 * what `memberStats` reads instead of scanning every member when it can (no name
 * or activeIn filter, joined dates on month boundaries, no ACTIVE_IN_COUNTRY). A
 * unit of 100,000 members has a few thousand of these rows, so a Europe-wide
 * table is nine small GROUP BYs instead of nine scans of 100,000 rows.
 *
 * Statement-level triggers with transition tables: one upsert per group a
 * statement touches, so a seed's COPY of 100,000 members costs a few thousand
 * upserts, not 100,000. Concurrent registrations in the same group queue on its
 * row (the upsert locks it to the end of the transaction), and each adds to what
 * the previous one committed. Rows that fall to 0 stay (and are skipped).
 */
export class MemberMonthCounts1764450000000 implements MigrationInterface {
  name = "MemberMonthCounts1764450000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_month_count (
        city_id text COLLATE "C" NOT NULL REFERENCES city (id),
        category char(1) NOT NULL,
        status text NOT NULL,
        joined_month date NOT NULL CHECK (joined_month = date_trunc('month', joined_month)),
        members integer NOT NULL CHECK (members >= 0),
        PRIMARY KEY (city_id, category, status, joined_month)
      )`);
    await queryRunner.query(`
      INSERT INTO member_month_count (city_id, category, status, joined_month, members)
      SELECT city_id, category, status, date_trunc('month', joined_on)::date, count(*)
        FROM member GROUP BY 1, 2, 3, 4`);
    await queryRunner.query(`
      CREATE FUNCTION member_month_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO member_month_count AS c (city_id, category, status, joined_month, members)
            SELECT city_id, category, status, date_trunc('month', joined_on)::date, count(*)
              FROM new_members GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            ON CONFLICT (city_id, category, status, joined_month) DO UPDATE SET members = c.members + excluded.members;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE member_month_count AS c SET members = c.members - o.members
            FROM (SELECT city_id, category, status, date_trunc('month', joined_on)::date AS joined_month, count(*)::int AS members
                    FROM old_members GROUP BY 1, 2, 3, 4) o
           WHERE (c.city_id, c.category, c.status, c.joined_month) = (o.city_id, o.category, o.status, o.joined_month);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER member_month_count_insert AFTER INSERT ON member
        REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT EXECUTE FUNCTION member_month_count_apply()`);
    await queryRunner.query(`
      CREATE TRIGGER member_month_count_update AFTER UPDATE ON member
        REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members FOR EACH STATEMENT EXECUTE FUNCTION member_month_count_apply()`);
    await queryRunner.query(`
      CREATE TRIGGER member_month_count_delete AFTER DELETE ON member
        REFERENCING OLD TABLE AS old_members FOR EACH STATEMENT EXECUTE FUNCTION member_month_count_apply()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER member_month_count_delete ON member`);
    await queryRunner.query(`DROP TRIGGER member_month_count_update ON member`);
    await queryRunner.query(`DROP TRIGGER member_month_count_insert ON member`);
    await queryRunner.query(`DROP FUNCTION member_month_count_apply()`);
    await queryRunner.query(`DROP TABLE member_month_count`);
  }
}
