import { dashboardCases } from "./europe/dashboardCases.js";
import { exportCases } from "./europe/exportCases.js";
import { limitsCases } from "./europe/limitsCases.js";
import { startRunningStack, type RunningStack } from "./europe/runningStack.js";

const MEMBERS_PER_UNIT = 150;

describe("the European stack end to end (built services, seeded): limits, export and dashboard", () => {
  let stack: RunningStack | undefined;
  before(async function () {
    this.timeout(240_000);
    stack = await startRunningStack(MEMBERS_PER_UNIT);
  });
  after(async function () {
    this.timeout(60_000);
    await stack?.stop();
  });

  describe("the query limits", () => limitsCases(() => stack!));
  describe("npm run export", () => exportCases(() => stack!, MEMBERS_PER_UNIT));
  // Last: it stops a unit.
  describe("the dashboard in Chromium", () => dashboardCases(() => stack!));
});
