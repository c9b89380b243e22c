import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Member counts in constant time. `memberCount` was a COUNT(*) over the unit's
 * members (100,000 rows a unit: a scan per unit per request, nine per
 * `countries { memberCount }`). The tally holds how many members each
 * (city, status, category) has, kept by statement-level triggers in the same
 * transaction as the change — like the seat counter of bookings — so it is exact
 * after concurrent registrations, status changes and rollbacks, and a COPY of
 * 100,000 members updates it once, not 100,000 times. Counts filtered by these
 * three alone add up a few dozen tally rows; any other filter still counts rows
 * (on their indexes).
 */
export class MemberTally1764410000000 implements MigrationInterface {
  name = "MemberTally1764410000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_tally (
        city_id text COLLATE "C" NOT NULL,
        status text NOT NULL,
        category char(1) NOT NULL,
        members bigint NOT NULL CHECK (members >= 0),
        PRIMARY KEY (city_id, status, category)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION member_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE member_tally t SET members = t.members - o.n
          FROM (SELECT city_id, status, category, count(*) AS n FROM old_rows GROUP BY 1, 2, 3) o
          WHERE t.city_id = o.city_id AND t.status = o.status AND t.category = o.category;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO member_tally AS t (city_id, status, category, members)
          SELECT city_id, status, category, count(*) FROM new_rows GROUP BY 1, 2, 3
          ON CONFLICT (city_id, status, category) DO UPDATE SET members = t.members + EXCLUDED.members;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER member_tally_insert AFTER INSERT ON member
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_tally_apply()`);
    await queryRunner.query(`
      CREATE TRIGGER member_tally_update AFTER UPDATE ON member
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_tally_apply()`);
    await queryRunner.query(`
      CREATE TRIGGER member_tally_delete AFTER DELETE ON member
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_tally_apply()`);
    // Members already there (a unit migrated after seeding).
    await queryRunner.query(`
      INSERT INTO member_tally (city_id, status, category, members)
      SELECT city_id, status, category, count(*) FROM member GROUP BY 1, 2, 3`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER member_tally_delete ON member`);
    await queryRunner.query(`DROP TRIGGER member_tally_update ON member`);
    await queryRunner.query(`DROP TRIGGER member_tally_insert ON member`);
    await queryRunner.query(`DROP FUNCTION member_tally_apply()`);
    await queryRunner.query(`DROP TABLE member_tally`);
  }
}
