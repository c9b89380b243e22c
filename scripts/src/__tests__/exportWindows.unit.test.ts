import { expect } from "chai";
import { ExportFailed, type GatewayClient } from "../export/gatewayClient.js";
import { exportSource } from "../export/sources.js";
import type { ExportQuery } from "../export/options.js";

const DAY_MS = 86_400_000;
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;

/**
 * A unit gives at most MAX_UNPAGED_ROWS bookings at once (docs/limits.md): the export
 * of bookings narrows its window when a unit says a window holds more, and goes on.
 */
describe("scripts > export > bookings windows narrow to what a unit gives at once", () => {
  it("halves the window on a `maxRows` refusal until it fits, then keeps it", async () => {
    const asked: string[] = [];
    // Stands for the gateway: refuses any window over 20 days as a unit would.
    const client = {
      async query(_query: string, variables: Record<string, unknown>) {
        const { from, to } = variables as { from: string; to: string };
        asked.push(`${from}..${to}`);
        if (days(from, to) > 20)
          throw new ExportFailed("too many", [
            { message: "more than 10000 rows", extensions: { code: "BAD_USER_INPUT", maxRows: 10_000 } },
          ]);
        return { bookings: [] };
      },
    } as unknown as GatewayClient;
    const query: ExportQuery = {
      kind: "bookings",
      country: null,
      format: "csv",
      pageSize: 100,
      from: "2026-01-01",
      to: "2026-03-31",
      groupBy: [],
    };
    const source = exportSource(client, query);
    const first = await source.page(null, 0);
    expect(asked).to.deep.equal(["2026-01-01..2026-03-03", "2026-01-01..2026-01-31", "2026-01-01..2026-01-15"]);
    expect(first.next).to.equal("2026-01-16");
    await source.page(first.next, first.done);
    expect(asked.at(-1)).to.equal("2026-01-16..2026-01-30");
  });

  it("passes any other refusal on", async () => {
    const client = {
      query: async () => {
        throw new ExportFailed("forbidden", [{ message: "no", extensions: { code: "FORBIDDEN" } }]);
      },
    } as unknown as GatewayClient;
    const query: ExportQuery = {
      kind: "bookings",
      country: null,
      format: "csv",
      pageSize: 100,
      from: "2026-01-01",
      to: "2026-03-31",
      groupBy: [],
    };
    let failed: unknown;
    await exportSource(client, query)
      .page(null, 0)
      .catch((error: unknown) => (failed = error));
    expect(failed).to.be.instanceOf(ExportFailed);
  });
});
