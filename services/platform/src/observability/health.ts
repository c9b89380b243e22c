import type { HttpHandler } from "../http/graphqlHandler.js";
import { sendJson } from "../http/responses.js";
import type { DataSource } from "typeorm";
import type { JwksState } from "../jwksKeys.js";

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
 * (GET /health, served by createGraphqlApp, only says the process lives.)
 */
export function databaseReadinessRoute(
  dataSource: DataSource,
  options: { timeoutMs?: number; identityKeys?: () => JwksState } = {},
): Record<string, HttpHandler> {
  const timeoutMs = options.timeoutMs ?? 1000;
  return {
    "GET /ready": async (_req, res) => {
      if (draining) return sendJson(res, 503, { status: "draining" });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      });
      try {
        await Promise.race([dataSource.query("SELECT 1"), timeout]);
        // The provider's keys do not decide readiness (signed calls from the gateway need none), but say how they are.
        sendJson(res, 200, {
          status: "ready",
          ...(options.identityKeys ? { identityKeys: options.identityKeys() } : {}),
        });
      } catch {
        sendJson(res, 503, { status: "database unavailable" });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
