import type { MigrationInterface, QueryRunner } from "typeorm";
import { replaceFunctions, TOMBSTONES_UNCOUNTED } from "./1764700000000-TombstonesUncounted.js";

/**
 * A member arriving by transfer is counted by one unit at a time. The unit they
 * leave counts them until its row is a tombstone (the transfer's step 3); the unit
 * they join registers them earlier (step 2), so until the gateway tells it the
 * unit they left has let go (`settleMemberArrival`), its row is `arriving`: a
 * member who may be read, booked for and changed, but whom no list, count or
 * statistic of this unit includes. Writing the transfer's `member_arrival` row
 * marks the member arriving (a trigger, so that whichever statement registers
 * them, the mark comes with the arrival); the counters skip arriving rows, as
 * tombstones, and are rebuilt once. Arrivals before this migration are settled.
 */
export class ArrivalsCountedOnceSettled1764710000000 implements MigrationInterface {
  name = "ArrivalsCountedOnceSettled1764710000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member ADD COLUMN arriving boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE FUNCTION member_arrival_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE member SET arriving = true WHERE id = NEW.member_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER member_arrival_mark AFTER INSERT ON member_arrival FOR EACH ROW EXECUTE FUNCTION member_arrival_mark()`,
    );
    await replaceFunctions(queryRunner, `${TOMBSTONES_UNCOUNTED} AND NOT arriving`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER member_arrival_mark ON member_arrival`);
    await queryRunner.query(`DROP FUNCTION member_arrival_mark()`);
    await queryRunner.query(`UPDATE member SET arriving = false WHERE arriving`);
    await replaceFunctions(queryRunner, TOMBSTONES_UNCOUNTED);
    await queryRunner.query(`ALTER TABLE member DROP COLUMN arriving`);
  }
}
