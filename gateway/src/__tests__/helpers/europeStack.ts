import { sharedTestPostgres } from "@smart/devdb";
import type { GatewayOptions } from "../../server.js";
import { startCentralOffice } from "./centralOffice.js";
import { startGateway, type RunningGateway } from "./gatewayHarness.js";
import type { TestMember } from "./memberData.js";
import { startNationalUnits, type NationalUnits } from "./nationalUnits.js";
import type { FoundingUnit } from "@smart/platform";

export interface EuropeStack {
  gateway: RunningGateway;
  units: NationalUnits;
  /** Unit calls the gateway made since the last reset. */
  unitCalls: { count: number };
  stop(): Promise<void>;
}

/** The whole European graph on real HTTP: the nine units and the central office on Postgres, and the gateway. */
export async function startEuropeStack(
  members: Record<FoundingUnit, TestMember[]>,
  options: Partial<GatewayOptions> = {},
): Promise<EuropeStack> {
  const postgres = await sharedTestPostgres();
  const [units, central] = await Promise.all([startNationalUnits(postgres, members), startCentralOffice(postgres)]);
  const unitCalls = { count: 0 };
  const gateway = await startGateway(units.urls, {
    centralUrl: central.url,
    deadlineMs: 3000,
    willSendUnitRequest: () => void unitCalls.count++,
    ...options,
  });
  return {
    gateway,
    units,
    unitCalls,
    async stop() {
      await gateway.stop();
      await Promise.all([units.close(), central.stop()]);
    },
  };
}
