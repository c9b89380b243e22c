import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A booking's member may belong to any unit the directory admits, not only to a founding
 * one: the check on its ID is of its shape (a unit's code, then the unit's own ID), as
 * every other ID's is. Widening a check: a unit one release behind writes nothing it refuses.
 */
export class BookingByAnyUnit1765100000000 implements MigrationInterface {
  name = "BookingByAnyUnit1765100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE booking
        DROP CONSTRAINT IF EXISTS booking_member_id_check,
        ADD CONSTRAINT booking_member_id_check CHECK (member_id ~ '^[A-Z]{2}:.')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE booking
        DROP CONSTRAINT booking_member_id_check,
        ADD CONSTRAINT booking_member_id_check CHECK (member_id ~ '^(AT|BE|DE|ES|FR|HU|IT|NL|SE):.')`);
  }
}
