import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The language a member reads the cooperative in. Nullable: a member who has not
 * said has none. Members already registered get their unit's language (French in
 * Belgium), read from the unit prefix of their ID.
 */
export class PreferredLanguage1764400000000 implements MigrationInterface {
  name = "PreferredLanguage1764400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE member ADD COLUMN preferred_language text
        CONSTRAINT member_preferred_language_check CHECK (preferred_language IN ('NL', 'FR', 'DE', 'EN', 'ES', 'IT', 'HU', 'SV'))`);
    await queryRunner.query(`
      UPDATE member SET preferred_language = CASE split_part(id, ':', 1)
        WHEN 'AT' THEN 'DE' WHEN 'BE' THEN 'FR' WHEN 'DE' THEN 'DE' WHEN 'ES' THEN 'ES' WHEN 'FR' THEN 'FR'
        WHEN 'HU' THEN 'HU' WHEN 'IT' THEN 'IT' WHEN 'NL' THEN 'NL' WHEN 'SE' THEN 'SV' END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member DROP COLUMN preferred_language`);
  }
}
