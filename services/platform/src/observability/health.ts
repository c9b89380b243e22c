import type { Express } from "express";
import type { DataSource } from "typeorm";

let draining = false;

/** From now on /ready answers 503: the process is shutting down (see shutdown.ts). */
export function markDraining(): void {
  draining = true;
}

export function isDraining(): boolean {
  return draining;
}

/**
 * GET /ready: 200 when this subgraph can serve, i.e. its database answers `SELECT 1`
 * within `timeoutMs`; 503 when it does not, or while the process drains for shutdown.
 * (GET /health, mounted by createGraphqlApp, only says the process lives.)
 */
export function databaseReadinessRoute(dataSource: DataSource, timeoutMs = 1000): (app: Express) => void {
  return (app) => {
    app.get("/ready", async (_req, res) => {
      if (draining) {
        res.status(503).json({ status: "draining" });
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      });
      try {
        await Promise.race([dataSource.query("SELECT 1"), timeout]);
        res.json({ status: "ready" });
      } catch {
        res.status(503).json({ status: "database unavailable" });
      } finally {
        clearTimeout(timer);
      }
    });
  };
}
