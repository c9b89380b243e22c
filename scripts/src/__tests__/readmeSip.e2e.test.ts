import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { exampleCases } from "./europe/exampleCases.js";
import { startRunningStack, type RunningStack } from "./europe/runningStack.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
// As `npm start` seeds: Smart In Progress draws its participants from the 2,000 members of each unit.
const MEMBERS_PER_UNIT = 2000;

/** The README's own Smart In Progress query, as a reader copies it. */
function readmeQuery(name: string): string {
  const line = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`query ${name} `));
  if (!line) throw new Error(`README.md has no query ${name}`);
  return line;
}

interface Participant {
  displayName: string | null;
  country: { code: string } | null;
}

/**
 * The README's Smart In Progress query asks BE for 4,164 participants: in one call their
 * representations would pass the unit's 100 kB body limit, BE would answer 413 and the
 * whole answer would be null, for everyone. The router cuts a unit's entities into calls
 * that fit (docs/limits.md, "Entity batches").
 */
describe("the README's examples, on the stack as `npm start` seeds it", () => {
  let stack: RunningStack | undefined;
  before(async function () {
    this.timeout(300_000);
    stack = await startRunningStack(MEMBERS_PER_UNIT);
  });
  after(async function () {
    this.timeout(60_000);
    await stack?.stop();
  });

  it("answers the Smart In Progress query in full: every participant resolved from their own unit, no error", async () => {
    const reply = await stack!.query<{ sipCycles: { workingGroups: { participants: Participant[] }[] }[] }>(
      readmeQuery("SmartInProgress"),
    );
    expect(reply.errors).to.equal(undefined);
    const participants = reply.data!.sipCycles.flatMap((cycle) =>
      cycle.workingGroups.flatMap((group) => group.participants),
    );
    const fromBE = participants.filter((p) => p.country?.code === "BE");
    // More BE participants than one 100 kB call could carry as representations (~40 bytes each).
    expect(fromBE.length).to.be.greaterThan(2500);
    expect(participants.every((p) => typeof p.displayName === "string" && p.country !== null)).to.equal(true);
  });

  // Last: the examples write (a registration, a booking, a transfer).
  describe("every documented example", () => exampleCases(() => stack!));
});
