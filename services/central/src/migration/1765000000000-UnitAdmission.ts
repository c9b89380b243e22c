import type { MigrationInterface, QueryRunner } from "typeorm";

const FOUNDING = `('AT', 'BE', 'DE', 'ES', 'FR', 'HU', 'IT', 'NL', 'SE')`;
/** A unit's code: two capital letters, not the central office's `EU`. */
const CODE = (column: string) => `${column} ~ '^[A-Z]{2}$' AND ${column} <> 'EU'`;
const CENTRAL_ID = `'^EU:[A-Za-z0-9][A-Za-z0-9_.-]*$'`;
/** A national unit's city or member ID (`PT:lisbon`, `FR:m12`): any unit's code as its prefix. */
const NATIONAL_ID = (column: string) => `${column} ~ '^[A-Z]{2}:[A-Za-z0-9][A-Za-z0-9_.-]*$' AND ${column} !~ '^EU:'`;
const FOUNDING_ID = `'^(AT|BE|DE|ES|FR|HU|IT|NL|SE):[A-Za-z0-9][A-Za-z0-9_.-]*$'`;

/** The columns holding a unit's city or member ID, each with its CHECK constraint's name. */
const NATIONAL_ID_COLUMNS = [
  ["assembly", "city_id"],
  ["working_group", "city_id"],
  ["working_group_participant", "member_id"],
  ["recommendation_support", "member_id"],
  ["sip_departed_member", "member_id"],
] as const;
/** The vote's counters, each naming the voters' unit. */
const UNIT_COLUMNS = ["ballot", "ballot_tally", "priority_points"] as const;

/**
 * Units as data: the directory says which units are in the graph. A unit is
 * PROSPECTIVE (known, not in the graph), ADMITTED or RETIRED; the units already
 * in the directory are ADMITTED. Retiring keeps a unit's row (its history, the
 * vote's tallies name it).
 *
 * No constraint names the nine units any more: codes and IDs are checked for
 * their shape, and the vote's counters name a directory entry (a foreign key).
 * Whether a unit is ADMITTED is the application's check, not the schema's, so
 * that a retired unit's rows stay valid.
 */
export class UnitAdmission1765000000000 implements MigrationInterface {
  name = "UnitAdmission1765000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE country
        DROP CONSTRAINT country_code_check,
        ADD CONSTRAINT country_code_check CHECK (${CODE("code")}),
        ADD COLUMN admission text NOT NULL DEFAULT 'ADMITTED' CHECK (admission IN ('PROSPECTIVE', 'ADMITTED', 'RETIRED')),
        ADD COLUMN admitted_at timestamptz,
        ADD COLUMN retired_at timestamptz,
        ADD CONSTRAINT country_retired_at CHECK ((admission = 'RETIRED') = (retired_at IS NOT NULL)),
        ADD CONSTRAINT country_prospective_never_admitted CHECK (admission <> 'PROSPECTIVE' OR admitted_at IS NULL)`);
    await queryRunner.query(`ALTER TABLE country ALTER COLUMN admission DROP DEFAULT`);

    await queryRunner.query(`
      ALTER TABLE translation
        DROP CONSTRAINT translation_subject_id_check,
        ADD CONSTRAINT translation_subject_id_check CHECK ((${CODE("subject_id")}) OR subject_id ~ ${CENTRAL_ID})`);
    for (const [table, column] of NATIONAL_ID_COLUMNS)
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_${column}_check,
          ADD CONSTRAINT ${table}_${column}_check CHECK (${NATIONAL_ID(column)})`);
    for (const table of UNIT_COLUMNS)
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_unit_check,
          ADD CONSTRAINT ${table}_unit_fkey FOREIGN KEY (unit) REFERENCES country (code)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A unit never admitted left nothing but its directory entry; one that was admitted fails the constraints below.
    await queryRunner.query(
      `DELETE FROM translation WHERE subject_id IN (SELECT code FROM country WHERE admission = 'PROSPECTIVE' AND code NOT IN ${FOUNDING})`,
    );
    await queryRunner.query(`DELETE FROM country WHERE admission = 'PROSPECTIVE' AND code NOT IN ${FOUNDING}`);
    for (const table of UNIT_COLUMNS)
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_unit_fkey,
          ADD CONSTRAINT ${table}_unit_check CHECK (unit IN ${FOUNDING})`);
    for (const [table, column] of NATIONAL_ID_COLUMNS)
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_${column}_check,
          ADD CONSTRAINT ${table}_${column}_check CHECK (${column} ~ ${FOUNDING_ID})`);
    await queryRunner.query(`
      ALTER TABLE translation
        DROP CONSTRAINT translation_subject_id_check,
        ADD CONSTRAINT translation_subject_id_check
          CHECK (subject_id ~ '^(AT|BE|DE|ES|FR|HU|IT|NL|SE)$' OR subject_id ~ ${CENTRAL_ID})`);
    await queryRunner.query(`
      ALTER TABLE country
        DROP CONSTRAINT country_prospective_never_admitted,
        DROP CONSTRAINT country_retired_at,
        DROP COLUMN retired_at,
        DROP COLUMN admitted_at,
        DROP COLUMN admission,
        DROP CONSTRAINT country_code_check,
        ADD CONSTRAINT country_code_check CHECK (code IN ${FOUNDING})`);
  }
}
