import { createTestDatabase, type PostgresServer } from "@smart/devdb";
import {
  CENTRAL_AUDIENCE,
  createGatewaySigner,
  createLogger,
  developmentSigningKey,
  listen,
  VIEWER_HEADER,
  viewerHeader,
  type Viewer,
} from "@smart/platform";
import { testIdentity } from "@smart/identity/testing";
import type { DataSource } from "typeorm";
import { createDataSource, runMigrations, sqlStatementCounter } from "../../data-source.js";
import { seedCentral } from "../../seed/seedCentral.js";
import { buildCentralServer } from "../../server.js";

export interface GraphqlResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface CentralTestServer {
  url: string;
  dataSource: DataSource;
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<T>>;
  /** The query as the gateway sends it for `viewer`: signed, naming the viewer. */
  queryAs<T = any>(viewer: Viewer, query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>>;
  /** The SQL statements the server sent while `work` ran. */
  countStatements(work: () => Promise<unknown>): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A central subgraph on its own fresh database (migrated, seeded unless told
 * otherwise), listening on a free port; `stop` closes it and drops the database.
 */
export async function startCentralTestServer(
  postgres: PostgresServer,
  label: string,
  { seed = true, admit }: { seed?: boolean; admit?: readonly string[] } = {},
): Promise<CentralTestServer> {
  const database = await createTestDatabase(postgres, `central_${label}`);
  const dataSource = await createDataSource({ url: database.url, poolSize: 4 }).initialize();
  await runMigrations(dataSource);
  if (seed) await seedCentral(dataSource, { admit });
  const logger = createLogger("central-test").child({}, { level: "silent" });
  const { apollo, app } = await buildCentralServer({
    dataSource,
    logger,
    auth: (await testIdentity()).auth(CENTRAL_AUDIENCE),
  });
  const running = await listen(app, 0);

  const query = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(running.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<any>;
  };

  const signer = createGatewaySigner(developmentSigningKey());
  const queryAs = async (viewer: Viewer, query: string, variables?: Record<string, unknown>) => {
    const body = JSON.stringify({ query, variables });
    // fetch sends `accept-language: *` of its own: the signature covers it.
    const caller: Record<string, string> = {
      "accept-language": "*",
      ...(viewerHeader(viewer) ? { [VIEWER_HEADER]: viewerHeader(viewer)! } : {}),
    };
    const response = await fetch(running.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...caller,
        ...signer.sign({ url: running.url, target: "central", headers: caller, body }),
      },
      body,
    });
    return (await response.json()) as GraphqlResponse<any>;
  };

  return {
    url: running.url,
    dataSource,
    query,
    queryAs,
    async countStatements(work) {
      const counter = sqlStatementCounter(dataSource);
      const before = counter.count;
      await work();
      return counter.count - before;
    },
    async stop() {
      await running.close();
      await apollo.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
