import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Members, cities and shared workspaces of one unit.
 *
 * IDs and sort keys are `COLLATE "C"`: the gateway merges nine units' pages by
 * comparing these keys in JavaScript by code point, which is what "C" (byte order
 * of UTF-8) does, whatever the server's default collation. Each index matches one
 * keyset order: (name_key, id) for NAME_ASC, (joined_on DESC, id DESC) for JOINED_DESC.
 */
export class InitialSchema1764200000000 implements MigrationInterface {
  name = "InitialSchema1764200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE city (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        name_key text COLLATE "C" NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX city_name_order ON city (name_key, id)`);

    await queryRunner.query(`CREATE SEQUENCE member_number_seq`);
    await queryRunner.query(`
      CREATE TABLE member (
        id text COLLATE "C" PRIMARY KEY,
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
        name_key text COLLATE "C" NOT NULL,
        search_name text NOT NULL,
        email text NOT NULL CHECK (length(email) <= 254 AND email LIKE '%_@_%'),
        phone text CHECK (length(phone) <= 40),
        category char(1) NOT NULL CHECK (category IN ('A', 'B', 'C')),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED', 'LEFT')),
        shares integer NOT NULL CHECK (shares >= 1),
        city_id text COLLATE "C" NOT NULL REFERENCES city (id),
        active_in text[] NOT NULL DEFAULT '{}'
          CHECK (active_in <@ ARRAY['AT','BE','DE','ES','FR','HU','IT','NL','SE']::text[]),
        joined_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX member_email_unique ON member (lower(email))`);
    await queryRunner.query(`CREATE INDEX member_name_order ON member (name_key, id)`);
    await queryRunner.query(`CREATE INDEX member_joined_order ON member (joined_on DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX member_city_name_order ON member (city_id, name_key, id)`);
    await queryRunner.query(`CREATE INDEX member_search_name ON member USING gin (search_name gin_trgm_ops)`);

    await queryRunner.query(`CREATE SEQUENCE workspace_number_seq`);
    await queryRunner.query(`
      CREATE TABLE workspace (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_key text COLLATE "C" NOT NULL,
        city_id text COLLATE "C" NOT NULL REFERENCES city (id),
        address text NOT NULL,
        operator text NOT NULL CHECK (operator IN ('UNIT', 'PARTNER')),
        partner_name text,
        capacity integer NOT NULL CHECK (capacity >= 0),
        rooms integer NOT NULL DEFAULT 0 CHECK (rooms >= 0),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        opened_on date,
        CHECK ((operator = 'PARTNER') = (partner_name IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX workspace_name_order ON workspace (name_key, id)`);
    await queryRunner.query(`CREATE INDEX workspace_city ON workspace (city_id, name_key, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE workspace`);
    await queryRunner.query(`DROP SEQUENCE workspace_number_seq`);
    await queryRunner.query(`DROP TABLE member`);
    await queryRunner.query(`DROP SEQUENCE member_number_seq`);
    await queryRunner.query(`DROP TABLE city`);
  }
}
