import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The general assembly's vote, as the voter's unit records it: THAT a member
 * voted on a subject (a resolution, or an assembly's ranking of priorities),
 * never what. While the central office has not acknowledged the ballot, the row
 * is its outbox: the token central counts it once by and the choice sealed by
 * the gateway (this unit holds no key that opens it). Once settled, both are
 * forgotten (set to NULL in the same row: COUNTED or VOID). No row carries a time.
 */
export class MemberBallot1764900000000 implements MigrationInterface {
  name = "MemberBallot1764900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_ballot (
        member_id text COLLATE "C" NOT NULL REFERENCES member (id),
        subject_id text COLLATE "C" NOT NULL CHECK (subject_id ~ '^EU:[A-Za-z0-9][A-Za-z0-9_.-]*$'),
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'COUNTED', 'VOID')),
        token uuid,
        sealed_choice text CHECK (length(sealed_choice) <= 4096),
        PRIMARY KEY (member_id, subject_id),
        -- Only a pending ballot holds its token and its sealed choice.
        CONSTRAINT member_ballot_pending_only CHECK ((state = 'PENDING') = (token IS NOT NULL AND sealed_choice IS NOT NULL)),
        CONSTRAINT member_ballot_settled_forgets CHECK (state = 'PENDING' OR (token IS NULL AND sealed_choice IS NULL))
      )`);
    // The gateway's backlog of ballots to finish.
    await queryRunner.query(
      `CREATE INDEX member_ballot_pending ON member_ballot (member_id, subject_id) WHERE state = 'PENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE member_ballot`);
  }
}
