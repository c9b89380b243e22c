import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The log of reads of members' personal fields by anyone but the member
 * (GDPR accountability). Append-only in Postgres itself, whatever code or hand
 * holds the connection:
 * - UPDATE and TRUNCATE are refused by triggers, always;
 * - DELETE is refused unless the row is older than the retention period the
 *   deleting transaction declares (`SET LOCAL smart.access_log_retention =
 *   '365 days'`, see purgeAccessLog): without it, or for a younger row, the
 *   statement fails and nothing is deleted. A retention below 30 days is refused
 *   too, so no setting can turn the purge into an eraser of recent reads.
 */
export class PersonalDataAccessLog1764420000000 implements MigrationInterface {
  name = "PersonalDataAccessLog1764420000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE personal_data_access (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id text COLLATE "C" NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        role text NOT NULL,
        unit text,
        fields text[] NOT NULL CHECK (cardinality(fields) > 0),
        request_id text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX personal_data_access_member ON personal_data_access (member_id, at, id)`);
    await queryRunner.query(`CREATE INDEX personal_data_access_at ON personal_data_access (at)`);
    await queryRunner.query(`
      CREATE FUNCTION personal_data_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retention interval;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          retention := nullif(current_setting('smart.access_log_retention', true), '')::interval;
          IF retention IS NOT NULL AND retention >= interval '30 days' AND OLD.at < now() - retention THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'personal_data_access is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER personal_data_access_append_only
        BEFORE UPDATE OR DELETE ON personal_data_access
        FOR EACH ROW EXECUTE FUNCTION personal_data_access_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER personal_data_access_no_truncate
        BEFORE TRUNCATE ON personal_data_access
        FOR EACH STATEMENT EXECUTE FUNCTION personal_data_access_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE personal_data_access`);
    await queryRunner.query(`DROP FUNCTION personal_data_access_append_only()`);
  }
}
