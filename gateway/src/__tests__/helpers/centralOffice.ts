import { listen } from "@smart/platform";
import { createTestDatabase, type PostgresServer } from "@smart/devdb";
import { buildCentralServer, createDataSource, runMigrations, seedCentral } from "@smart/central";

/** The real central subgraph (services/central) on a fresh, seeded database (`dataSource`: for checking what it holds). */
export async function startCentralOffice(
  postgres: PostgresServer,
  jwtSecret: string,
): Promise<{ url: string; dataSource: ReturnType<typeof createDataSource>; stop(): Promise<void> }> {
  const database = await createTestDatabase(postgres, "gateway_central");
  const dataSource = createDataSource({ url: database.url, poolSize: 3 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await seedCentral(dataSource);
  const { apollo, app } = await buildCentralServer({ dataSource, jwtSecret });
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
