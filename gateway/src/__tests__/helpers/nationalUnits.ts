import { testIdentity } from "@smart/identity/testing";
import express from "express";
import {
  FOUNDING_UNITS,
  foldForSort,
  listen,
  memberNameKey,
  type FoundingUnit,
  type RunningServer,
} from "@smart/platform";
import { createTestDatabase, type PostgresServer } from "@smart/devdb";
import { buildNationalServer, CityEntity, createDataSource, MemberEntity, WorkspaceEntity } from "@smart/national";
import type { TestMember } from "./memberData.js";

/** A unit's TypeORM DataSource (typeorm itself is the national package's dependency). */
export type UnitDataSource = Awaited<ReturnType<typeof createDataSource>>;

/**
 * The nine real national units (services/national), each on its own fresh
 * database of `postgres`, seeded with two cities, `members` and one open
 * workspace `<UNIT>:w1` of 10 desks, behind a front that can make a unit slow.
 * Everything on real HTTP, port 0.
 */
export interface NationalUnits {
  urls: Record<FoundingUnit, string>;
  /** Each unit's own database, for checking what a request wrote (or did not). */
  dataSources: Record<FoundingUnit, UnitDataSource>;
  /** HTTP requests that have reached the nine units so far, counted at their fronts. */
  requestsReceived(): number;
  /** Delays every request to `unit` from now on (0: none). */
  slowDown(unit: FoundingUnit, delayMs: number): void;
  /** Stops one unit (its server, Apollo, pool and database). */
  stop(unit: FoundingUnit): Promise<void>;
  close(): Promise<void>;
}

export async function startNationalUnits(
  postgres: PostgresServer,
  members: Record<FoundingUnit, TestMember[]>,
  options: { production?: boolean } = {},
): Promise<NationalUnits> {
  const identity = await testIdentity();
  const delays = new Map<FoundingUnit, number>();
  const running = new Map<FoundingUnit, () => Promise<void>>();
  const urls = {} as Record<FoundingUnit, string>;
  let received = 0;
  const dataSources = {} as Record<FoundingUnit, UnitDataSource>;
  await Promise.all(
    FOUNDING_UNITS.map(async (unit) => {
      const database = await createTestDatabase(postgres, `gateway_${unit}`);
      const dataSource = createDataSource({ url: database.url, poolSize: 3 });
      await dataSource.initialize();
      await dataSource.runMigrations();
      await seed(dataSource, unit, members[unit]);
      dataSources[unit] = dataSource;
      const { apollo, app } = await buildNationalServer({
        unit,
        dataSource,
        auth: identity.unitAuth(unit),
        production: options.production ?? false,
      });
      const front = express();
      front.use(async (req, _res, next) => {
        received++;
        const delay = delays.get(unit);
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        if (!req.socket.destroyed) next();
      });
      front.use(app);
      const http: RunningServer = await listen(front, 0);
      urls[unit] = http.url;
      running.set(unit, async () => {
        await http.close();
        await apollo.stop();
        await dataSource.destroy();
        await database.drop();
      });
    }),
  );
  const stop = async (unit: FoundingUnit) => {
    const close = running.get(unit);
    running.delete(unit);
    await close?.();
  };
  return {
    urls,
    dataSources,
    requestsReceived: () => received,
    slowDown: (unit, delayMs) => void delays.set(unit, delayMs),
    stop,
    close: async () => void (await Promise.all([...running.keys()].map(stop))),
  };
}

async function seed(dataSource: UnitDataSource, unit: FoundingUnit, members: readonly TestMember[]) {
  const cities = [
    { id: `${unit}:capital`, name: `${unit} Capital`, nameKey: foldForSort(`${unit} Capital`) },
    { id: `${unit}:harbour`, name: `${unit} Harbour`, nameKey: foldForSort(`${unit} Harbour`) },
  ];
  await dataSource.getRepository(CityEntity).save(cities);
  await dataSource.getRepository(WorkspaceEntity).save({
    id: `${unit}:w1`,
    name: `${unit} Atelier`,
    nameKey: foldForSort(`${unit} Atelier`),
    cityId: cities[0]!.id,
    address: "1 Main Street",
    operator: "UNIT",
    partnerName: null,
    capacity: 10,
    rooms: 1,
    status: "OPEN",
    openedOn: "2020-01-01",
  });
  const repository = dataSource.getRepository(MemberEntity);
  await repository.save(
    members.map((m, i) =>
      repository.create({
        id: m.id,
        firstName: m.firstName,
        lastName: m.lastName,
        nameKey: memberNameKey(m.lastName, m.firstName),
        searchName: foldForSort(`${m.firstName} ${m.lastName}`),
        email: `${m.id.replace(":", ".")}@example.org`,
        phone: null,
        category: "A",
        status: "ACTIVE",
        shares: 1,
        cityId: cities[i % 2]!.id,
        activeIn: [],
        joinedOn: m.joinedOn,
      }),
    ),
  );
  // registerMember numbers new members after the seeded ones.
  await dataSource.query(`SELECT setval('member_number_seq', $1)`, [members.length]);
}
