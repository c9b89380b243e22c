import type { MigrationInterface, QueryRunner } from "typeorm";

const UNIT = `('AT', 'BE', 'DE', 'ES', 'FR', 'HU', 'IT', 'NL', 'SE')`;

/**
 * The general assembly's online vote, as the central office counts it.
 *
 * Central never learns who voted (the gateway's ballot work tells it the voter's
 * unit, never the member), and keeps no ballot's choice either: `ballot` holds
 * the token each ballot is counted once by (the member's receipt) and the unit,
 * and the choice goes straight into the counters (`ballot_tally`,
 * `priority_points`) in the same transaction. No row carries a time.
 */
export class AssemblyVote1764900000000 implements MigrationInterface {
  name = "AssemblyVote1764900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE assembly
        ADD COLUMN vote_status text CHECK (vote_status IN ('SCHEDULED', 'OPEN', 'CLOSED')),
        ADD COLUMN vote_closes_at timestamptz,
        ADD CONSTRAINT assembly_open_vote_closes CHECK (vote_status IS DISTINCT FROM 'OPEN' OR vote_closes_at IS NOT NULL)`);

    // One row per ballot counted, keyed by its random token: what makes a retried count a no-op.
    await queryRunner.query(`
      CREATE TABLE ballot (
        token uuid PRIMARY KEY,
        -- A resolution, or an assembly for the ranking of its priorities.
        subject_id text COLLATE "C" NOT NULL,
        unit text COLLATE "C" NOT NULL CHECK (unit IN ${UNIT})
      )`);
    // Turnout per subject and unit.
    await queryRunner.query(`CREATE INDEX ballot_subject_unit ON ballot (subject_id, unit)`);

    await queryRunner.query(`
      CREATE TABLE ballot_tally (
        resolution_id text COLLATE "C" NOT NULL REFERENCES resolution (id) ON DELETE CASCADE,
        unit text COLLATE "C" NOT NULL CHECK (unit IN ${UNIT}),
        choice text NOT NULL CHECK (choice IN ('FOR', 'AGAINST', 'ABSTAIN')),
        ballots integer NOT NULL DEFAULT 0 CHECK (ballots >= 0),
        PRIMARY KEY (resolution_id, unit, choice)
      )`);

    await queryRunner.query(`
      CREATE TABLE priority_points (
        assembly_id text COLLATE "C" NOT NULL REFERENCES assembly (id) ON DELETE CASCADE,
        priority_id text COLLATE "C" NOT NULL REFERENCES budget_priority (id) ON DELETE CASCADE,
        unit text COLLATE "C" NOT NULL CHECK (unit IN ${UNIT}),
        points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
        PRIMARY KEY (assembly_id, priority_id, unit)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE priority_points`);
    await queryRunner.query(`DROP TABLE ballot_tally`);
    await queryRunner.query(`DROP TABLE ballot`);
    await queryRunner.query(
      `ALTER TABLE assembly DROP CONSTRAINT assembly_open_vote_closes, DROP COLUMN vote_closes_at, DROP COLUMN vote_status`,
    );
  }
}
