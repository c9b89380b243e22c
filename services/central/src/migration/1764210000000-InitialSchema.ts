import type { MigrationInterface, QueryRunner } from "typeorm";

/** Every ID the central office issues: `EU:` and a local part. */
const CENTRAL_ID = `'^EU:[A-Za-z0-9][A-Za-z0-9_.-]*$'`;
/** A national unit's city or member ID, `BE:louvain-la-neuve`, `FR:m12`. */
const NATIONAL_ID = `'^(AT|BE|DE|ES|FR|HU|IT|NL|SE):[A-Za-z0-9][A-Za-z0-9_.-]*$'`;

/**
 * The country directory, the general assembly and Smart In Progress.
 *
 * IDs are `COLLATE "C"` like the units' (byte order, whatever the server's default
 * collation). City and member IDs point into the units' databases, so no foreign key
 * can hold them: a CHECK at least keeps them in a unit's ID format.
 */
export class InitialSchema1764210000000 implements MigrationInterface {
  name = "InitialSchema1764210000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE country (
        code text COLLATE "C" PRIMARY KEY
          CHECK (code IN ('AT', 'BE', 'DE', 'ES', 'FR', 'HU', 'IT', 'NL', 'SE')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        unit_name text NOT NULL UNIQUE CHECK (length(unit_name) BETWEEN 1 AND 100),
        legal_form text NOT NULL CHECK (length(legal_form) BETWEEN 1 AND 200),
        founded integer NOT NULL CHECK (founded BETWEEN 1900 AND 2100),
        share_price_amount numeric(12, 2) NOT NULL CHECK (share_price_amount > 0),
        share_price_currency text NOT NULL CHECK (share_price_currency ~ '^[A-Z]{3}$'),
        share_price_period text NOT NULL CHECK (share_price_period IN ('ONCE', 'YEARLY')),
        website text CHECK (website ~ '^https://[^ ]+$'),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'STARTING'))
      )`);

    await queryRunner.query(`
      CREATE TABLE assembly (
        id text COLLATE "C" PRIMARY KEY CHECK (id ~ ${CENTRAL_ID}),
        held_on date NOT NULL,
        city_id text COLLATE "C" NOT NULL CHECK (city_id ~ ${NATIONAL_ID}),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200)
      )`);
    await queryRunner.query(`CREATE INDEX assembly_recent_first ON assembly (held_on DESC, id)`);

    await queryRunner.query(`
      CREATE TABLE resolution (
        id text COLLATE "C" PRIMARY KEY CHECK (id ~ ${CENTRAL_ID}),
        assembly_id text COLLATE "C" NOT NULL REFERENCES assembly (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        votes_for integer NOT NULL CHECK (votes_for >= 0),
        votes_against integer NOT NULL CHECK (votes_against >= 0),
        abstentions integer NOT NULL CHECK (abstentions >= 0),
        adopted boolean NOT NULL,
        -- Also the index the per-assembly loader reads, in vote order.
        CONSTRAINT resolution_assembly_position UNIQUE (assembly_id, position)
      )`);

    // Smart In Progress started in 2015.
    await queryRunner.query(`
      CREATE TABLE sip_cycle (
        id text COLLATE "C" PRIMARY KEY CHECK (id ~ ${CENTRAL_ID}),
        year integer NOT NULL UNIQUE CHECK (year BETWEEN 2015 AND 2100),
        theme text NOT NULL CHECK (length(theme) BETWEEN 1 AND 200),
        theme_voted_at text COLLATE "C" REFERENCES assembly (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX sip_cycle_theme_voted_at ON sip_cycle (theme_voted_at)`);

    await queryRunner.query(`
      CREATE TABLE working_group (
        id text COLLATE "C" PRIMARY KEY CHECK (id ~ ${CENTRAL_ID}),
        cycle_id text COLLATE "C" NOT NULL REFERENCES sip_cycle (id) ON DELETE CASCADE,
        city_id text COLLATE "C" NOT NULL CHECK (city_id ~ ${NATIONAL_ID}),
        topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
        -- Also the index the per-cycle loader reads, in city then topic order.
        CONSTRAINT working_group_cycle_city_topic UNIQUE (cycle_id, city_id, topic),
        -- Target of recommendation's (working_group_id, cycle_id) foreign key.
        CONSTRAINT working_group_id_cycle UNIQUE (id, cycle_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE working_group_participant (
        working_group_id text COLLATE "C" NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
        member_id text COLLATE "C" NOT NULL CHECK (member_id ~ ${NATIONAL_ID}),
        PRIMARY KEY (working_group_id, member_id)
      )`);
    await queryRunner.query(`CREATE INDEX working_group_participant_member ON working_group_participant (member_id)`);

    await queryRunner.query(`
      CREATE TABLE recommendation (
        id text COLLATE "C" PRIMARY KEY CHECK (id ~ ${CENTRAL_ID}),
        cycle_id text COLLATE "C" NOT NULL REFERENCES sip_cycle (id) ON DELETE CASCADE,
        working_group_id text COLLATE "C",
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        status text NOT NULL DEFAULT 'IN_PROGRESS'
          CHECK (status IN ('DONE', 'IN_PROGRESS', 'NOT_DONE', 'REJECTED', 'POSTPONED')),
        -- A recommendation's working group belongs to the same cycle.
        CONSTRAINT recommendation_working_group_same_cycle
          FOREIGN KEY (working_group_id, cycle_id) REFERENCES working_group (id, cycle_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX recommendation_cycle_status ON recommendation (cycle_id, status, id)`);
    await queryRunner.query(`CREATE INDEX recommendation_working_group ON recommendation (working_group_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE recommendation`);
    await queryRunner.query(`DROP TABLE working_group_participant`);
    await queryRunner.query(`DROP TABLE working_group`);
    await queryRunner.query(`DROP TABLE sip_cycle`);
    await queryRunner.query(`DROP TABLE resolution`);
    await queryRunner.query(`DROP TABLE assembly`);
    await queryRunner.query(`DROP TABLE country`);
  }
}
