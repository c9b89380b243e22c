import { randomUUID } from "node:crypto";
import { badUserInput, conflict } from "@smart/platform";
import type { WorkingGroup } from "../entity/index.js";
import type { CentralContext } from "../context.js";
import { requireCentralId, requireUnitOfId } from "../ids.js";
import { requireCentralOffice, requireGatewayStep, requireMember } from "./access.js";
import { boundedText, lockCurrentMember, lockGroupOfOpenCycle, lockOpenCycle, violatedUnique } from "./writes.js";

/** A unit's city ID as the working_group table accepts it: `FR:lyon`. */
const CITY_ID = /^[A-Z]{2}:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * A working group of an open cycle (the gateway's step of openWorkingGroup, once
 * the city's unit confirmed the city): the central office.
 */
export async function addWorkingGroup(
  cycleId: string,
  cityId: string,
  topic: string,
  context: CentralContext,
): Promise<WorkingGroup> {
  requireCentralOffice(context.viewer, "open a working group");
  requireGatewayStep(context, "addWorkingGroup");
  const cycle = requireCentralId(cycleId, "cycleId");
  if (!CITY_ID.test(cityId))
    throw badUserInput(`cityId: ${JSON.stringify(cityId.slice(0, 60))} is not a unit's city ID.`, {
      argumentName: "cityId",
    });
  await requireUnitOfId(cityId, context.loaders, "admitted", "cityId");
  const text = boundedText(topic, 200);
  if (!text) throw badUserInput("topic: 1 to 200 characters.", { argumentName: "topic" });
  const group: WorkingGroup = { id: `EU:wg-${randomUUID()}`, cycleId: cycle, cityId, topic: text };
  return context.dataSource.transaction(async (manager) => {
    await lockOpenCycle(manager, cycle, "open a working group in it");
    try {
      await manager.query(`INSERT INTO working_group (id, cycle_id, city_id, topic) VALUES ($1, $2, $3, $4)`, [
        group.id,
        cycle,
        cityId,
        text,
      ]);
    } catch (error) {
      if (violatedUnique(error) !== null)
        throw conflict(`${cityId} has a working group on ${JSON.stringify(text)} in this cycle already.`);
      throw error;
    }
    return group;
  });
}

/**
 * The calling member joins the group (the gateway's step of joinWorkingGroup,
 * once their unit confirmed them current). Joining again changes nothing.
 */
export async function addWorkingGroupParticipant(
  workingGroupId: string,
  context: CentralContext,
): Promise<WorkingGroup> {
  const memberId = requireMember(context.viewer, "join a working group");
  requireGatewayStep(context, "addWorkingGroupParticipant");
  const id = requireCentralId(workingGroupId, "workingGroupId");
  return context.dataSource.transaction(async (manager) => {
    const group = await lockGroupOfOpenCycle(manager, id, "join it");
    await lockCurrentMember(manager, memberId);
    await manager.query(
      `INSERT INTO working_group_participant (working_group_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [id, memberId],
    );
    return group;
  });
}

/** The calling member leaves the group of an open cycle; leaving a group one is not in changes nothing. */
export async function leaveWorkingGroup(workingGroupId: string, context: CentralContext): Promise<WorkingGroup> {
  const memberId = requireMember(context.viewer, "leave a working group");
  const id = requireCentralId(workingGroupId, "workingGroupId");
  return context.dataSource.transaction(async (manager) => {
    const group = await lockGroupOfOpenCycle(manager, id, "leave it");
    await manager.query(`DELETE FROM working_group_participant WHERE working_group_id = $1 AND member_id = $2`, [
      id,
      memberId,
    ]);
    return group;
  });
}
