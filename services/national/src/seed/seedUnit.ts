import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DataSource } from "typeorm";
import type { CountryCode } from "@smart/platform";
import { cityRows } from "./cities.js";
import { insertDemoBookings } from "./bookings.js";
import { copyLine } from "./copyText.js";
import { generateMembers, type MemberRow } from "./members.js";
import { workspaceRows } from "./workspaces.js";

export interface SeedUnitOptions {
  /** Initialised, with migrations run. */
  dataSource: DataSource;
  unit: CountryCode;
  /** Default 2000. */
  membersPerUnit?: number;
  /** Called as members stream in, and once with `done === total` at the end. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedUnitResult {
  /** False when the unit already had members and nothing was written. */
  seeded: boolean;
  cities: number;
  workspaces: number;
  members: number;
  /** Demo desk bookings, past and ahead (see insertDemoBookings). */
  bookings: number;
}

const MEMBER_COLUMNS = [
  "id",
  "first_name",
  "last_name",
  "name_key",
  "search_name",
  "email",
  "phone",
  "category",
  "status",
  "shares",
  "city_id",
  "active_in",
  "joined_on",
  "preferred_language",
  "created_at",
  "updated_at",
] as const;

const ROWS_PER_CHUNK = 2000;

/**
 * Fills an empty unit with deterministic demo data: its cities, workspaces,
 * `membersPerUnit` members (same unit and size → same rows) and desk bookings
 * around today (same day → same rows). Members go through COPY
 * in one transaction, so a hundred thousand load in seconds and a failure leaves
 * nothing behind. Does nothing when the unit already has members.
 */
export async function seedUnit({
  dataSource,
  unit,
  membersPerUnit = 2000,
  onProgress,
}: SeedUnitOptions): Promise<SeedUnitResult> {
  if (!Number.isInteger(membersPerUnit) || membersPerUnit < 0) {
    throw new RangeError(`membersPerUnit must be a non-negative integer, got ${membersPerUnit}`);
  }
  if (!dataSource.isInitialized || dataSource.options.type !== "postgres")
    throw new Error("seedUnit needs an initialised Postgres DataSource");
  // Every member lives in one of the unit's cities: a unit the demo data has none of can only be seeded empty.
  if (membersPerUnit > 0 && cityRows(unit).length === 0)
    throw new RangeError(
      `The demo data has no cities for ${unit} (services/national/src/seed/cities.ts), so no members: seed it with 0 members per unit`,
    );
  // COPY needs the driver's connection itself: a QueryRunner holds one of the DataSource's pool, a pg client.
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as pg.PoolClient;
  try {
    await client.query("BEGIN");
    // Self-conflicting but still readable: a second seeder waits here, then finds members and stops.
    await client.query("LOCK TABLE member IN SHARE ROW EXCLUSIVE MODE");
    const { rows } = await client.query<{ seeded: boolean }>("SELECT EXISTS (SELECT 1 FROM member) AS seeded");
    if (rows[0]?.seeded) {
      await client.query("ROLLBACK");
      onProgress?.(membersPerUnit, membersPerUnit);
      return { seeded: false, cities: 0, workspaces: 0, members: 0, bookings: 0 };
    }
    const cities = await insertCities(client, unit);
    const workspaces = await insertWorkspaces(client, unit);
    await copyMembers(client, unit, membersPerUnit, onProgress);
    // Later registrations continue after the seeded numbers.
    if (membersPerUnit > 0) await client.query("SELECT setval('member_number_seq', $1)", [membersPerUnit]);
    const bookings = await insertDemoBookings(client, unit, membersPerUnit);
    await client.query("COMMIT");
    await client.query("ANALYZE city, workspace, member, booking, workspace_day");
    onProgress?.(membersPerUnit, membersPerUnit);
    return { seeded: true, cities, workspaces, members: membersPerUnit, bookings };
  } catch (error) {
    // A connection that cannot roll back (a COPY cut short) is in no known state: closed, the pool drops it on release.
    await client.query("ROLLBACK").catch(() => client.end().catch(() => {}));
    throw error;
  } finally {
    await runner.release();
  }
}

async function insertCities(client: pg.PoolClient, unit: CountryCode): Promise<number> {
  const cities = cityRows(unit);
  const { rowCount } = await client.query(
    `INSERT INTO city (id, name, name_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (id) DO NOTHING`,
    [cities.map((c) => c.id), cities.map((c) => c.name), cities.map((c) => c.nameKey)],
  );
  return rowCount ?? 0;
}

/** Only into an empty table: workspace numbers then start at 1, as member numbers do. */
async function insertWorkspaces(client: pg.PoolClient, unit: CountryCode): Promise<number> {
  const { rows } = await client.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM workspace) AS any");
  if (rows[0]?.any) return 0;
  const workspaces = workspaceRows(unit);
  const column = <K extends keyof (typeof workspaces)[number]>(key: K) => workspaces.map((w) => w[key]);
  const { rowCount } = await client.query(
    `INSERT INTO workspace (id, name, name_key, city_id, address, operator, partner_name, capacity, rooms, status, opened_on)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::int[], $9::int[], $10::text[], $11::date[])`,
    [
      column("id"),
      column("name"),
      column("nameKey"),
      column("cityId"),
      column("address"),
      column("operator"),
      column("partnerName"),
      column("capacity"),
      column("rooms"),
      column("status"),
      column("openedOn"),
    ],
  );
  if (workspaces.length > 0) await client.query("SELECT setval('workspace_number_seq', $1)", [workspaces.length]);
  return rowCount ?? 0;
}

async function copyMembers(
  client: pg.PoolClient,
  unit: CountryCode,
  total: number,
  onProgress: SeedUnitOptions["onProgress"],
): Promise<void> {
  onProgress?.(0, total);
  const copy = client.query(copyFrom(`COPY member (${MEMBER_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(memberChunks(unit, total, onProgress)), copy);
}

function* memberChunks(unit: CountryCode, total: number, onProgress: SeedUnitOptions["onProgress"]): Generator<string> {
  let chunk = "";
  let done = 0;
  for (const member of generateMembers(unit, total)) {
    chunk += copyLine(memberValues(member));
    if (++done % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = "";
      onProgress?.(done, total);
    }
  }
  if (chunk) yield chunk;
}

function memberValues(m: MemberRow) {
  return [
    m.id,
    m.firstName,
    m.lastName,
    m.nameKey,
    m.searchName,
    m.email,
    m.phone,
    m.category,
    m.status,
    m.shares,
    m.cityId,
    m.activeIn,
    m.joinedOn,
    m.preferredLanguage,
    m.createdAt,
    m.createdAt,
  ];
}
