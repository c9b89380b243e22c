import { badUserInput, conflict, notFound } from "@smart/platform";
import { SipCycleEntity, type SipCycle } from "../entity/index.js";
import type { CentralContext } from "../context.js";
import { requireCentralId } from "../ids.js";
import { requireCentralOffice } from "./access.js";
import { boundedText, violatedUnique } from "./writes.js";

export interface OpenSipCycleInput {
  year: number;
  theme: string;
  themeVotedAtId?: string | null | undefined;
}

/** Opens the cycle of `input.year`: the central office; one open at a time, one a year. */
export async function openSipCycle(
  input: OpenSipCycleInput,
  { viewer, dataSource }: CentralContext,
): Promise<SipCycle> {
  requireCentralOffice(viewer, "open a Smart In Progress cycle");
  if (!Number.isInteger(input.year) || input.year < 2015 || input.year > 2100)
    throw badUserInput("year: a year from 2015 (the first cycle) to 2100.", { argumentName: "input.year" });
  const theme = boundedText(input.theme, 200);
  if (!theme) throw badUserInput("theme: 1 to 200 characters.", { argumentName: "input.theme" });
  const themeVotedAtId =
    input.themeVotedAtId == null ? null : requireCentralId(input.themeVotedAtId, "input.themeVotedAtId");
  const cycle: SipCycle = { id: `EU:sip-${input.year}`, year: input.year, theme, themeVotedAtId, status: "OPEN" };
  return dataSource.transaction(async (manager) => {
    if (themeVotedAtId) {
      const assembly: unknown[] = await manager.query(`SELECT 1 FROM assembly WHERE id = $1`, [themeVotedAtId]);
      if (!assembly.length) throw notFound(`No general assembly ${themeVotedAtId}.`);
    }
    const [open] = await manager.query<{ id: string }[]>(`SELECT id FROM sip_cycle WHERE status = 'OPEN'`);
    if (open) throw conflict(`Cycle ${open.id} is open: close it before opening another.`);
    try {
      await manager.getRepository(SipCycleEntity).insert(cycle);
    } catch (error) {
      const constraint = violatedUnique(error);
      if (constraint === "sip_cycle_one_open")
        throw conflict("Another cycle was opened at the same time: close it before opening another.");
      if (constraint !== null) throw conflict(`${input.year} has a Smart In Progress cycle already.`);
      throw error;
    }
    return cycle;
  });
}

/** Closes a cycle (the central office): waits for the joins and supports under way in it. Closing a closed one changes nothing. */
export async function closeSipCycle(cycleId: string, { viewer, dataSource }: CentralContext): Promise<SipCycle> {
  requireCentralOffice(viewer, "close a Smart In Progress cycle");
  const id = requireCentralId(cycleId, "cycleId");
  return dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE sip_cycle SET status = 'CLOSED' WHERE id = $1`, [id]);
    const cycle = await manager.getRepository(SipCycleEntity).findOneBy({ id });
    if (!cycle) throw notFound(`No Smart In Progress cycle ${id}.`);
    return cycle;
  });
}

/** The cycle open now, else the most recent one; null before any. */
export async function currentSipCycle({ dataSource }: CentralContext): Promise<SipCycle | null> {
  const cycles = dataSource.getRepository(SipCycleEntity);
  return (await cycles.findOneBy({ status: "OPEN" })) ?? (await cycles.findOne({ where: {}, order: { year: "DESC" } }));
}
