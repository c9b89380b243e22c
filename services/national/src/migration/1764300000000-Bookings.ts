import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Desk bookings of the unit's workspaces, and the per-day seat counter that keeps
 * them within capacity.
 *
 * Why a counter row, kept by a trigger, with a CHECK:
 * - Every confirmed booking of a workspace-day increments `workspace_day.booked`
 *   (an upsert on the row), every cancellation decrements it. The row is locked
 *   by the UPDATE until the transaction ends, so concurrent bookings of the same
 *   workspace-day queue on it and each one adds to the value the previous one
 *   committed (READ COMMITTED re-reads the newest row version after the wait).
 * - `CHECK (booked <= capacity)` then refuses the booking that would take one
 *   desk too many: the statement fails (23514, workspace_day_within_capacity),
 *   the transaction rolls back and the booking row goes with it.
 * - The trigger, not the application, maintains the counter: any INSERT or
 *   UPDATE of `booking` (the API, a seed script, a hand-written fix) counts, so
 *   the counter always equals the confirmed rows and no code path can overbook.
 * Contention stays on one small row per workspace-day; other days and other
 * workspaces do not wait. Serializable transactions would give the same
 * guarantee at the cost of retries under exactly the load that matters (a hot
 * day), and an exclusion constraint cannot count up to a capacity.
 *
 * `capacity` is the workspace's capacity when the day's first desk was booked: a
 * change of a workspace's capacity must update its future days in the same
 * transaction, and the CHECK refuses to go below the desks already booked.
 *
 * Idempotency: (member_id, idempotency_key) is unique whatever the status, so a
 * repeated request finds the first booking (INSERT … ON CONFLICT DO NOTHING waits
 * for a racing insert of the same key to commit). One confirmed booking per
 * member, workspace and day: a partial unique index, so that a cancelled day can
 * be booked again.
 *
 * member_id has no foreign key: a member of another unit books here too, and
 * lives in that unit's database.
 */
export class Bookings1764300000000 implements MigrationInterface {
  name = "Bookings1764300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE workspace_day (
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspace (id),
        day date NOT NULL,
        capacity integer NOT NULL CHECK (capacity >= 0),
        booked integer NOT NULL DEFAULT 0 CONSTRAINT workspace_day_booked_not_negative CHECK (booked >= 0),
        CONSTRAINT workspace_day_within_capacity CHECK (booked <= capacity),
        PRIMARY KEY (workspace_id, day)
      )`);

    await queryRunner.query(`CREATE SEQUENCE booking_number_seq`);
    await queryRunner.query(`
      CREATE TABLE booking (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id text COLLATE "C" NOT NULL REFERENCES workspace (id),
        day date NOT NULL,
        member_id text COLLATE "C" NOT NULL CHECK (member_id ~ '^(AT|BE|DE|ES|FR|HU|IT|NL|SE):.'),
        status text NOT NULL DEFAULT 'CONFIRMED' CHECK (status IN ('CONFIRMED', 'CANCELLED')),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX booking_idempotency ON booking (member_id, idempotency_key)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX booking_one_per_member_day ON booking (member_id, workspace_id, day) WHERE status = 'CONFIRMED'`,
    );
    await queryRunner.query(`CREATE INDEX booking_workspace_order ON booking (workspace_id, day, id)`);
    await queryRunner.query(`CREATE INDEX booking_member_order ON booking (member_id, day, id)`);
    await queryRunner.query(`CREATE INDEX booking_day_order ON booking (day, id)`);

    await queryRunner.query(`
      CREATE FUNCTION booking_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          IF OLD.status = 'CONFIRMED' THEN
            UPDATE workspace_day SET booked = booked - 1
              WHERE workspace_id = OLD.workspace_id AND day = OLD.day;
          END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          IF NEW.status = 'CONFIRMED' THEN
            INSERT INTO workspace_day AS d (workspace_id, day, capacity, booked)
              SELECT w.id, NEW.day, w.capacity, 1 FROM workspace w WHERE w.id = NEW.workspace_id
              ON CONFLICT (workspace_id, day) DO UPDATE SET booked = d.booked + 1;
          END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER booking_count_seats
        AFTER INSERT OR DELETE OR UPDATE OF status, workspace_id, day ON booking
        FOR EACH ROW EXECUTE FUNCTION booking_count_seats()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE booking`);
    await queryRunner.query(`DROP FUNCTION booking_count_seats()`);
    await queryRunner.query(`DROP SEQUENCE booking_number_seq`);
    await queryRunner.query(`DROP TABLE workspace_day`);
  }
}
