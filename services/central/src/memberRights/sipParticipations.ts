import {
  countryOfId,
  forbidden,
  unauthenticatedForField,
  badUserInput,
  type CountryCode,
  type Viewer,
} from "@smart/platform";
import { In, type DataSource } from "typeorm";
import {
  WorkingGroupEntity,
  WorkingGroupParticipantEntity,
  type Recommendation,
  type WorkingGroup,
} from "../entity/index.js";
import type { CentralContext } from "../context.js";
import { requireUnitOfId } from "../ids.js";
import type { CentralLoaders } from "../loaders.js";
import { departMember } from "../sip/writes.js";

/** Who may take a step of a member's erasure or transfer here: staff of their unit, the central office, the gateway's retry worker. */
const mayActFor = (viewer: Viewer, unit: CountryCode | null) =>
  viewer.role === "central_office" ||
  (viewer.role === "unit_staff" && viewer.unit === unit) ||
  (viewer.role === "service" && viewer.work === "member_rights");

/**
 * The member, staff of the member's unit and the central office may read what SIP holds of a member (what the
 * member export reads), of any unit the directory knows: a retired unit's members' history stays readable.
 */
async function checkMayRead(memberId: string, viewer: Viewer, loaders: CentralLoaders, what: string): Promise<void> {
  const unit = await requireUnitOfId(memberId, loaders, "known", "memberId");
  if (viewer.role === "anonymous") throw unauthenticatedForField(`Sign in to see a member's ${what}.`);
  const allowed =
    viewer.role === "central_office" ||
    (viewer.role === "unit_staff" && viewer.unit === unit) ||
    (viewer.role === "member" && viewer.sub === memberId);
  if (!allowed) throw forbidden(`You may not see this member's ${what}.`);
}

/** The working groups a member takes part in, by cycle and topic. */
export async function sipParticipations(
  memberId: string,
  { viewer, dataSource, loaders }: CentralContext,
): Promise<WorkingGroup[]> {
  await checkMayRead(memberId, viewer, loaders, "Smart In Progress participation");
  const links = await dataSource.getRepository(WorkingGroupParticipantEntity).findBy({ memberId });
  if (!links.length) return [];
  return dataSource.getRepository(WorkingGroupEntity).find({
    where: { id: In(links.map((l) => l.workingGroupId)) },
    order: { cycleId: "ASC", topic: "ASC", id: "ASC" },
  });
}

/** The recommendations a member supports, by cycle. */
export async function sipSupports(
  memberId: string,
  { viewer, dataSource, loaders }: CentralContext,
): Promise<Recommendation[]> {
  await checkMayRead(memberId, viewer, loaders, "support of Smart In Progress recommendations");
  return dataSource.query<Recommendation[]>(
    `SELECT r.id, r.cycle_id AS "cycleId", r.working_group_id AS "workingGroupId", r.title, r.status
       FROM recommendation_support s JOIN recommendation r ON r.id = s.recommendation_id WHERE s.member_id = $1 ORDER BY r.cycle_id, r.id`,
    [memberId],
  );
}

/**
 * The member's SIP participation and support now name the erasure's pseudonym. Only on the
 * gateway's signed call, for staff of the member's unit or the central office
 * (or the gateway's retry worker finishing their erasure).
 */
export async function pseudonymiseMember(
  memberId: string,
  pseudonym: string,
  { viewer, signedByGateway, dataSource }: CentralContext,
): Promise<number> {
  const unit = countryOfId(memberId);
  const allowed = mayActFor(viewer, unit);
  if (!signedByGateway || !allowed || !/^[A-Z]{2}:erased-[0-9a-f-]{36}$/.test(pseudonym))
    throw forbidden("Members are pseudonymised by the gateway's erasure only.");
  return renameMember(dataSource, memberId, pseudonym);
}

/**
 * A member's transfer to another unit: their SIP participation and support now name their
 * new ID, in a unit of the graph. Idempotent. Only on the gateway's signed call, for staff of the unit
 * they leave or the central office (or the gateway's retry worker finishing the transfer).
 */
export async function relinkSipMember(
  from: string,
  to: string,
  { viewer, signedByGateway, dataSource, loaders }: CentralContext,
): Promise<number> {
  const unit = countryOfId(from);
  const allowed = mayActFor(viewer, unit);
  if (!signedByGateway || !allowed) throw forbidden("Members are relinked by the gateway's transfer only.");
  if (!unit || countryOfId(to) === unit)
    throw badUserInput(`to: ${to} is not a member ID of another unit.`, { argumentName: "to" });
  await requireUnitOfId(to, loaders, "admitted", "to");
  return renameMember(dataSource, from, to);
}

/** The tables that name a member: their working groups and the recommendations they support. */
const MEMBER_TABLES = [
  { table: "working_group_participant", key: "working_group_id" },
  { table: "recommendation_support", key: "recommendation_id" },
] as const;

/**
 * Every SIP row naming `from` names `to` instead, and `from` is recorded as
 * departed, in one transaction under the member's lock: a join or a support
 * under `from` still in flight is refused rather than landing afterwards.
 * A row `to` holds already (the member joined under their new ID before the
 * transfer reached central) keeps theirs. Idempotent. Answers the rows changed.
 */
async function renameMember(dataSource: DataSource, from: string, to: string): Promise<number> {
  return dataSource.transaction(async (manager) => {
    await departMember(manager, from);
    let changed = 0;
    for (const { table, key } of MEMBER_TABLES) {
      await manager.query(
        `DELETE FROM ${table} t WHERE member_id = $1 AND EXISTS (SELECT 1 FROM ${table} n WHERE n.${key} = t.${key} AND n.member_id = $2)`,
        [from, to],
      );
      const [, count] = await manager.query<[unknown, number]>(
        `UPDATE ${table} SET member_id = $2 WHERE member_id = $1`,
        [from, to],
      );
      changed += count ?? 0;
    }
    return changed;
  });
}
