import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Moving a member to another unit. In the unit they leave, `member_transfer` is
 * the durable step log (outbox) the gateway resumes from: the member as they
 * leave (kept only until the target holds them, or refused them), the step
 * reached and the places whose bookings still name the old ID.
 * At most one open transfer per member. Once moved, the member's row stays as a
 * tombstone with `moved_to` and no personal data (its ID keeps resolving
 * onward; the share register keeps its join date, shares and category). In the unit they join, `member_arrival` keys the new member by the
 * transfer: however often step 2 is asked, one member is created.
 */
export class MemberTransfer1764600000000 implements MigrationInterface {
  name = "MemberTransfer1764600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member ADD COLUMN moved_to text COLLATE "C", ADD COLUMN moved_at timestamptz`);
    await queryRunner.query(
      `ALTER TABLE member ADD CONSTRAINT member_moved CHECK ((moved_to IS NULL) = (moved_at IS NULL))`,
    );
    await queryRunner.query(`
      CREATE TABLE member_transfer (
        id uuid PRIMARY KEY,
        member_id text COLLATE "C" NOT NULL REFERENCES member (id),
        target char(2) NOT NULL,
        step text NOT NULL CHECK (step IN ('REQUESTED', 'MOVED', 'DONE', 'FAILED')),
        moved_to text COLLATE "C",
        pending text[] NOT NULL DEFAULT '{}',
        failure text,
        snapshot jsonb,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CHECK ((step IN ('MOVED', 'DONE')) = (moved_to IS NOT NULL)),
        CHECK ((step = 'FAILED') = (failure IS NOT NULL)),
        CHECK ((step IN ('DONE', 'FAILED')) = (completed_at IS NOT NULL)),
        CHECK ((step = 'REQUESTED') = (snapshot IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX member_transfer_open ON member_transfer (member_id) WHERE step IN ('REQUESTED', 'MOVED')`,
    );
    await queryRunner.query(`CREATE INDEX member_transfer_member ON member_transfer (member_id, requested_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE member_arrival (
        transfer_id uuid PRIMARY KEY,
        member_id text COLLATE "C" NOT NULL UNIQUE REFERENCES member (id),
        former_id text COLLATE "C" NOT NULL,
        arrived_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE member_arrival`);
    await queryRunner.query(`DROP TABLE member_transfer`);
    await queryRunner.query(
      `ALTER TABLE member DROP CONSTRAINT member_moved, DROP COLUMN moved_at, DROP COLUMN moved_to`,
    );
  }
}
