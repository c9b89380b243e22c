import { randomUUID } from "node:crypto";
import { badUserInput, conflict, forbidden, notFound } from "@smart/platform";
import type { Recommendation, RecommendationStatus, SipCycleStatus } from "../entity/index.js";
import type { CentralContext } from "../context.js";
import { requireCentralId } from "../ids.js";
import { requireCentralOffice, requireGatewayStep, requireMember } from "./access.js";
import { boundedText, lockCurrentMember, lockGroupOfOpenCycle } from "./writes.js";

const RECOMMENDATION_COLUMNS = `r.id, r.cycle_id AS "cycleId", r.working_group_id AS "workingGroupId", r.title, r.status`;

/**
 * A participant of the group proposes a recommendation (the gateway's step of
 * proposeRecommendation, once their unit confirmed them current): PROPOSED.
 */
export async function addRecommendation(
  workingGroupId: string,
  title: string,
  context: CentralContext,
): Promise<Recommendation> {
  const memberId = requireMember(context.viewer, "propose a recommendation");
  requireGatewayStep(context, "addRecommendation");
  const id = requireCentralId(workingGroupId, "workingGroupId");
  const text = boundedText(title, 500);
  if (!text) throw badUserInput("title: 1 to 500 characters.", { argumentName: "title" });
  return context.dataSource.transaction(async (manager) => {
    const group = await lockGroupOfOpenCycle(manager, id, "propose in it");
    const member: unknown[] = await manager.query(
      `SELECT 1 FROM working_group_participant WHERE working_group_id = $1 AND member_id = $2`,
      [id, memberId],
    );
    if (!member.length) throw forbidden(`Only participants of working group ${id} may propose in it: join it first.`);
    const recommendation: Recommendation = {
      id: `EU:rec-${randomUUID()}`,
      cycleId: group.cycleId,
      workingGroupId: id,
      title: text,
      status: "PROPOSED",
    };
    await manager.query(
      `INSERT INTO recommendation (id, cycle_id, working_group_id, title, status) VALUES ($1, $2, $3, $4, 'PROPOSED')`,
      [recommendation.id, group.cycleId, id, text],
    );
    return recommendation;
  });
}

/**
 * The calling member supports a recommendation of the open cycle, once (the
 * gateway's step of supportRecommendation): a second support is CONFLICT.
 */
export async function addRecommendationSupport(
  recommendationId: string,
  context: CentralContext,
): Promise<Recommendation> {
  const memberId = requireMember(context.viewer, "support a recommendation");
  requireGatewayStep(context, "addRecommendationSupport");
  const id = requireCentralId(recommendationId, "recommendationId");
  return context.dataSource.transaction(async (manager) => {
    // The cycle share-locked, as for a join: closing it waits for the supports under way.
    const [recommendation] = await manager.query<(Recommendation & { cycleStatus: SipCycleStatus })[]>(
      `SELECT ${RECOMMENDATION_COLUMNS}, c.status AS "cycleStatus" FROM recommendation r JOIN sip_cycle c ON c.id = r.cycle_id WHERE r.id = $1 FOR SHARE OF c`,
      [id],
    );
    if (!recommendation) throw notFound(`No recommendation ${id}.`);
    if (recommendation.cycleStatus !== "OPEN")
      throw conflict(`The cycle of recommendation ${id} is closed: no one can support it now.`);
    await lockCurrentMember(manager, memberId);
    const added: unknown[] = await manager.query(
      `INSERT INTO recommendation_support (recommendation_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [id, memberId],
    );
    if (!added.length) throw conflict(`You support recommendation ${id} already: each member supports it once.`);
    const { cycleStatus: _cycleStatus, ...row } = recommendation;
    return row;
  });
}

/** What became of a recommendation: the central office. */
export async function setRecommendationStatus(
  recommendationId: string,
  status: RecommendationStatus,
  { viewer, dataSource }: CentralContext,
): Promise<Recommendation> {
  requireCentralOffice(viewer, "set a recommendation's status");
  const id = requireCentralId(recommendationId, "recommendationId");
  const [rows] = await dataSource.query<[Recommendation[], number]>(
    `UPDATE recommendation r SET status = $2 WHERE r.id = $1 RETURNING ${RECOMMENDATION_COLUMNS}`,
    [id, status],
  );
  const recommendation = rows[0];
  if (!recommendation) throw notFound(`No recommendation ${id}.`);
  return recommendation;
}
