import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Erasure (GDPR art. 17). The member's row stays as a tombstone (its ID keeps
 * resolving, its share record stays) with every personal field replaced;
 * `member_erasure` is the durable record of the request in the member's unit:
 * the pseudonym that replaces the member's ID in bookings (every unit) and SIP
 * participation (central), and the places still to do, so that an erasure
 * interrupted by a unit that was down is completed later, never forgotten.
 */
export class MemberErasure1764500000000 implements MigrationInterface {
  name = "MemberErasure1764500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member ADD COLUMN erased_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE member_erasure (
        member_id text COLLATE "C" PRIMARY KEY REFERENCES member (id),
        pseudonym text COLLATE "C" NOT NULL UNIQUE,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        pending text[] NOT NULL,
        completed_at timestamptz,
        CHECK ((cardinality(pending) = 0) = (completed_at IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE member_erasure`);
    await queryRunner.query(`ALTER TABLE member DROP COLUMN erased_at`);
  }
}
