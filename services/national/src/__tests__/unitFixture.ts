import type { DataSource } from "typeorm";
import {
  createGatewaySigner,
  developmentSigningKey,
  listen,
  VIEWER_HEADER,
  viewerHeader,
  type CountryCode,
  type GatewayPublicKey,
  type GatewaySigningKey,
  type SignatureTarget,
  type Viewer,
} from "@smart/platform";
import { createTestDatabase, type PostgresServer } from "@smart/devdb";
import { testIdentity } from "@smart/identity/testing";
import { createDataSource, sqlStatementCounter } from "../data-source.js";
import {
  CityEntity,
  MemberEntity,
  memberNameColumns,
  placeNameKey,
  WorkspaceEntity,
  type Member,
} from "../entity/index.js";
import { buildNationalServer } from "../server.js";

export interface GraphqlResponse {
  status: number;

  body: {
    data?: any;
    errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
  };
}

export interface RunningUnit {
  unit: CountryCode;
  url: string;
  dataSource: DataSource;
  /** SQL statements sent so far. */
  sqlCount(): number;
  /**
   * Posts a GraphQL request, as `viewer` when given, the way that viewer reaches a unit:
   * the unit's own staff directly, with their token from the identity provider (the only
   * tokens naming a unit); anyone else inside a call signed as the gateway signs it
   * (x-smart-viewer). `asGateway` signs it whoever the viewer is (the development key, or
   * `asGateway.key`, for this unit or `asGateway.target`, now or at `asGateway.now`;
   * `asGateway.headers` sent beside, unsigned); `asGateway: false` sends the viewer's own
   * token directly whoever they are (a member's or the central office's is refused).
   */
  query(
    query: string,
    variables?: Record<string, unknown>,
    viewer?: Exclude<Viewer, { role: "anonymous" }>,
    asGateway?: boolean | GatewayCall,
  ): Promise<GraphqlResponse>;
  stop(): Promise<void>;
}

export interface GatewayCall {
  key?: GatewaySigningKey;
  /** Unix seconds. */
  now?: number;
  target?: SignatureTarget;
  headers?: Record<string, string>;
}

/** A unit on a fresh database of `server`, migrated, listening on a free port (production mode when asked). */
export async function startUnit(
  server: PostgresServer,
  unit: CountryCode,
  options: { production?: boolean; gatewayKeys?: GatewayPublicKey[] } = {},
): Promise<RunningUnit> {
  const database = await createTestDatabase(server, unit);
  const dataSource = createDataSource({ url: database.url, poolSize: 4 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const { apollo, app } = await buildNationalServer({
    unit,
    dataSource,
    auth: (await testIdentity()).unitAuth(unit),
    ...(options.production === undefined ? {} : { production: options.production }),
    ...(options.gatewayKeys ? { gatewayKeys: options.gatewayKeys } : {}),
  });
  const http = await listen(app, 0);
  return {
    unit,
    url: http.url,
    dataSource,
    sqlCount: () => sqlStatementCounter(dataSource).count,
    async query(query, variables, viewer, asGateway) {
      const body = JSON.stringify({ query, variables });
      const ownStaff = viewer?.role === "unit_staff" && viewer.unit === unit;
      const gateway =
        asGateway === true || (asGateway === undefined && viewer && !ownStaff) ? {} : asGateway || undefined;
      let headers: Record<string, string>;
      if (gateway) {
        const signer = createGatewaySigner(
          gateway.key ?? developmentSigningKey(),
          gateway.now === undefined ? {} : { now: () => gateway.now! },
        );
        // fetch sends `accept-language: *` when none is given: the gateway's signature covers what is sent.
        const caller: Record<string, string> = {
          "accept-language": "*",
          ...(viewer ? { [VIEWER_HEADER]: viewerHeader(viewer)! } : {}),
        };
        headers = {
          ...caller,
          ...signer.sign({ url: http.url, target: gateway.target ?? unit, headers: caller, body }),
          ...gateway.headers,
        };
      } else {
        if (viewer?.role === "service")
          throw new Error("a service viewer exists only inside the gateway's signed calls");
        headers = viewer ? await (await testIdentity()).bearer(viewer) : {};
      }
      const response = await fetch(http.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      return { status: response.status, body: (await response.json()) as GraphqlResponse["body"] };
    },
    async stop() {
      await http.close();
      await apollo.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

const FIRST_NAMES = [
  "Émile",
  "Zoë",
  "Ödön",
  "Łukasz",
  "Anna",
  "Jan",
  "Søren",
  "Ana",
  "Élodie",
  "Ignacio",
  "Ute",
  "Ben",
];
const LAST_NAMES = [
  "Müller",
  "Ibáñez",
  "Dupont",
  "Nagy",
  "Van Damme",
  "Vandamme",
  "Łęcki",
  "Østergaard",
  "Zola",
  "Abbas",
  "Ødegaard",
  "de Smet",
];

/** Inserts cities and `count` members with accented and colliding names (deterministic). */
export async function insertFixture(dataSource: DataSource, unit: CountryCode, count: number): Promise<Member[]> {
  const cities = [
    { id: `${unit}:capital`, name: "Capital", nameKey: "capital" },
    { id: `${unit}:harbour`, name: "Harbour", nameKey: "harbour" },
  ];
  await dataSource.getRepository(CityEntity).save(cities);
  await dataSource.getRepository(WorkspaceEntity).save({
    id: `${unit}:w1`,
    name: "Atelier Central",
    nameKey: placeNameKey("Atelier Central"),
    cityId: cities[0]!.id,
    address: "1 Main Street",
    operator: "UNIT",
    partnerName: null,
    capacity: 10,
    rooms: 1,
    status: "OPEN",
    openedOn: "2020-01-01",
  });
  const members: Member[] = [];
  for (let i = 1; i <= count; i++) {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const lastName = LAST_NAMES[(i * 7) % LAST_NAMES.length]!;
    members.push(
      dataSource.getRepository(MemberEntity).create({
        id: `${unit}:m${i}`,
        ...memberNameColumns(firstName, lastName),
        email: `member${i}@${unit.toLowerCase()}.example`,
        phone: null,
        category: (["A", "A", "B", "C"] as const)[i % 4]!,
        status: i % 5 === 0 ? "SUSPENDED" : "ACTIVE",
        shares: 1 + (i % 3),
        cityId: cities[i % 2]!.id,
        activeIn: [],
        joinedOn: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`,
      }),
    );
  }
  await dataSource.getRepository(MemberEntity).save(members, { chunk: 200 });
  await dataSource.query(`SELECT setval('member_number_seq', $1)`, [count]);
  return members;
}
