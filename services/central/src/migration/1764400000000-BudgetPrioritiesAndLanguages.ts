import type { MigrationInterface, QueryRunner } from "typeorm";

const LANGUAGE = `('NL', 'FR', 'DE', 'EN', 'ES', 'IT', 'HU', 'SV')`;

/**
 * The general assembly's budget priorities, and texts in the languages Smart
 * works in.
 *
 * `translation` holds every localised text of the central office, one row per
 * subject (a country code or an `EU:` ID), field and language: the columns that
 * already hold a text (a country's name, a cycle's theme, a recommendation's
 * title) keep its English, the table adds the other languages. A budget priority's
 * title and description live there alone, in Dutch first (`original_language`).
 */
export class BudgetPrioritiesAndLanguages1764400000000 implements MigrationInterface {
  name = "BudgetPrioritiesAndLanguages1764400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE budget_priority (
        id text COLLATE "C" PRIMARY KEY CHECK (id ~ '^EU:[A-Za-z0-9][A-Za-z0-9_.-]*$'),
        assembly_id text COLLATE "C" NOT NULL REFERENCES assembly (id) ON DELETE CASCADE,
        rank integer NOT NULL CHECK (rank >= 1),
        area text NOT NULL
          CHECK (area IN ('SHARED_TOOLS_AND_SERVICES', 'COOPERATIVE_LIFE', 'INTERNATIONAL_DEVELOPMENT', 'SHARED_WORKSPACES')),
        original_language text NOT NULL DEFAULT 'NL' CHECK (original_language IN ${LANGUAGE}),
        -- Also the index the per-assembly loader reads, in rank order.
        CONSTRAINT budget_priority_assembly_rank UNIQUE (assembly_id, rank),
        CONSTRAINT budget_priority_assembly_area UNIQUE (assembly_id, area)
      )`);

    await queryRunner.query(`
      CREATE TABLE translation (
        subject_id text COLLATE "C" NOT NULL
          CHECK (subject_id ~ '^(AT|BE|DE|ES|FR|HU|IT|NL|SE)$' OR subject_id ~ '^EU:[A-Za-z0-9][A-Za-z0-9_.-]*$'),
        field text COLLATE "C" NOT NULL CHECK (field ~ '^[a-z][A-Za-z]*$'),
        lang text COLLATE "C" NOT NULL CHECK (lang IN ${LANGUAGE}),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        PRIMARY KEY (subject_id, field, lang)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE translation`);
    await queryRunner.query(`DROP TABLE budget_priority`);
  }
}
