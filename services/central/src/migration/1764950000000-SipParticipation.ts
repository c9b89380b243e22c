import type { MigrationInterface, QueryRunner } from "typeorm";

/** A national unit's member ID, `FR:m12` (or an erasure's pseudonym, `FR:erased-…`). */
const NATIONAL_ID = `'^(AT|BE|DE|ES|FR|HU|IT|NL|SE):[A-Za-z0-9][A-Za-z0-9_.-]*$'`;
const STATUSES = `'DONE', 'IN_PROGRESS', 'NOT_DONE', 'REJECTED', 'POSTPONED'`;

/**
 * Smart In Progress written by its members: cycles the central office opens and
 * closes (one open at a time), recommendations a working group proposes, and
 * members' support for them.
 *
 * `sip_departed_member` holds the IDs a member no longer answers to (erased, or
 * moved to another unit): the erasure and the transfer write it in the same
 * transaction as they rewrite that ID's rows, so a join or a support still in
 * flight under the old ID is refused instead of landing after them.
 */
export class SipParticipation1764950000000 implements MigrationInterface {
  name = "SipParticipation1764950000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // Every cycle recorded so far is over.
    await queryRunner.query(
      `ALTER TABLE sip_cycle ADD COLUMN status text NOT NULL DEFAULT 'CLOSED' CHECK (status IN ('OPEN', 'CLOSED'))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX sip_cycle_one_open ON sip_cycle ((true)) WHERE status = 'OPEN'`);

    await queryRunner.query(`ALTER TABLE recommendation DROP CONSTRAINT recommendation_status_check`);
    await queryRunner.query(
      `ALTER TABLE recommendation ADD CONSTRAINT recommendation_status_check CHECK (status IN (${STATUSES}, 'PROPOSED'))`,
    );

    await queryRunner.query(`
      CREATE TABLE recommendation_support (
        recommendation_id text COLLATE "C" NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
        member_id text COLLATE "C" NOT NULL CHECK (member_id ~ ${NATIONAL_ID}),
        -- Once each: also the index the per-recommendation count reads.
        PRIMARY KEY (recommendation_id, member_id)
      )`);
    await queryRunner.query(`CREATE INDEX recommendation_support_member ON recommendation_support (member_id)`);

    await queryRunner.query(`
      CREATE TABLE sip_departed_member (
        member_id text COLLATE "C" PRIMARY KEY CHECK (member_id ~ ${NATIONAL_ID}),
        departed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sip_departed_member`);
    await queryRunner.query(`DROP TABLE recommendation_support`);
    await queryRunner.query(`DELETE FROM recommendation WHERE status = 'PROPOSED'`);
    await queryRunner.query(`ALTER TABLE recommendation DROP CONSTRAINT recommendation_status_check`);
    await queryRunner.query(
      `ALTER TABLE recommendation ADD CONSTRAINT recommendation_status_check CHECK (status IN (${STATUSES}))`,
    );
    await queryRunner.query(`DROP INDEX sip_cycle_one_open`);
    await queryRunner.query(`ALTER TABLE sip_cycle DROP COLUMN status`);
  }
}
