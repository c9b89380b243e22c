import { CENTRAL_AUDIENCE, listen } from "@smart/platform";
import { testIdentity } from "@smart/identity/testing";
import { createTestDatabase, type PostgresServer } from "@smart/devdb";
import { buildCentralServer, createDataSource, runMigrations, seedCentral } from "@smart/central";

/** The real central subgraph (services/central) on a fresh, seeded database (`dataSource`: for checking what it holds). */
export async function startCentralOffice(
  postgres: PostgresServer,
): Promise<{ url: string; dataSource: ReturnType<typeof createDataSource>; stop(): Promise<void> }> {
  const database = await createTestDatabase(postgres, "gateway_central");
  const dataSource = createDataSource({ url: database.url, poolSize: 3 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await seedCentral(dataSource);
  const { apollo, app } = await buildCentralServer({ dataSource, auth: (await testIdentity()).auth(CENTRAL_AUDIENCE) });
  const http = await listen(app, 0);
  return {
    url: http.url,
    dataSource,
    async stop() {
      await http.close();
      await apollo.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
