import { randomUUID } from "node:crypto";
import { badUserInput, conflict, isIsoDate, notFound } from "@smart/platform";
import type { CentralContext } from "../context.js";
import type { Assembly } from "../entity/index.js";
import { requireCentralId, requireUnitOfId } from "../ids.js";
import { checkCentralOffice } from "./access.js";

export interface ScheduleAssemblyInput {
  title: string;
  heldOn: string;
  cityId: string;
  resolutions: readonly { title: string }[];
}

/** At most this many resolutions on one assembly's agenda. */
export const MAX_RESOLUTIONS = 50;

// UPDATE … RETURNING answers [rows, count] through TypeORM's Postgres driver, INSERT and SELECT the rows.
const ASSEMBLY_COLUMNS = `id, held_on::text AS "heldOn", city_id AS "cityId", title, vote_status AS "voteStatus", vote_closes_at AS "voteClosesAt"`;

function checkTitle(title: string, max: number, argumentName: string): string {
  const trimmed = title.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what a title may not hold
  if (trimmed.length < 1 || trimmed.length > max || /[\u0000-\u001f]/.test(trimmed))
    throw badUserInput(`${argumentName}: a title of 1 to ${max} characters, on one line.`, { argumentName });
  return trimmed;
}

/** The assembly and its resolutions, in one transaction: its vote SCHEDULED. */
export async function scheduleAssembly(
  input: ScheduleAssemblyInput,
  { viewer, dataSource, loaders }: CentralContext,
): Promise<Assembly> {
  checkCentralOffice(viewer, "schedule a general assembly");
  const title = checkTitle(input.title, 200, "input.title");
  if (!isIsoDate(input.heldOn))
    throw badUserInput(`input.heldOn: a date, YYYY-MM-DD.`, { argumentName: "input.heldOn" });
  if (!/^[A-Z]{2}:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(input.cityId))
    throw badUserInput(`input.cityId: a national unit's city ID, like "BE:liege".`, { argumentName: "input.cityId" });
  await requireUnitOfId(input.cityId, loaders, "admitted", "input.cityId");
  if (input.resolutions.length < 1 || input.resolutions.length > MAX_RESOLUTIONS)
    throw badUserInput(`input.resolutions: 1 to ${MAX_RESOLUTIONS} resolutions.`, {
      argumentName: "input.resolutions",
    });
  const titles = input.resolutions.map((resolution, i) =>
    checkTitle(resolution.title, 500, `input.resolutions[${i}].title`),
  );
  const id = `EU:ga-${randomUUID()}`;
  return dataSource.transaction(async (manager) => {
    const [assembly] = await manager.query<Assembly[]>(
      `INSERT INTO assembly (id, held_on, city_id, title, vote_status) VALUES ($1, $2, $3, $4, 'SCHEDULED') RETURNING ${ASSEMBLY_COLUMNS}`,
      [id, input.heldOn, input.cityId, title],
    );
    await manager.query(
      `INSERT INTO resolution (id, assembly_id, position, title, votes_for, votes_against, abstentions, adopted)
       SELECT $1 || '-r' || position, $1, position, title, 0, 0, 0, false FROM unnest($2::text[]) WITH ORDINALITY AS r(title, position)`,
      [id, titles],
    );
    return assembly!;
  });
}

/** Opens a SCHEDULED vote until `closesAt` (in the future). */
export async function openAssemblyVote(
  assemblyId: string,
  closesAt: Date,
  { viewer, dataSource }: CentralContext,
): Promise<Assembly> {
  checkCentralOffice(viewer, "open an assembly's vote");
  const id = requireCentralId(assemblyId, "assemblyId");
  if (closesAt.getTime() <= Date.now())
    throw badUserInput(`closesAt: an instant in the future.`, { argumentName: "closesAt" });
  return dataSource.transaction(async (manager) => {
    const [current] = await manager.query<Assembly[]>(
      `SELECT ${ASSEMBLY_COLUMNS} FROM assembly WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!current) throw notFound(`No assembly ${id}.`);
    if (current.voteStatus !== "SCHEDULED")
      throw conflict(`The vote of ${id} is ${current.voteStatus ?? "not held online"}: only a SCHEDULED vote opens.`);
    const [[opened]] = await manager.query<[Assembly[], number]>(
      `UPDATE assembly SET vote_status = 'OPEN', vote_closes_at = $2 WHERE id = $1 RETURNING ${ASSEMBLY_COLUMNS}`,
      [id, closesAt],
    );
    return opened!;
  });
}

/**
 * Closes an OPEN vote now: no ballot is counted after it (the assembly's row is
 * locked against the counting, which holds it shared), and each resolution's
 * totals and adoption are recorded from the counters, in the same transaction.
 */
export async function closeAssemblyVote(assemblyId: string, { viewer, dataSource }: CentralContext): Promise<Assembly> {
  checkCentralOffice(viewer, "close an assembly's vote");
  const id = requireCentralId(assemblyId, "assemblyId");
  return dataSource.transaction(async (manager) => {
    const [current] = await manager.query<Assembly[]>(
      `SELECT ${ASSEMBLY_COLUMNS} FROM assembly WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!current) throw notFound(`No assembly ${id}.`);
    if (current.voteStatus !== "OPEN")
      throw conflict(`The vote of ${id} is ${current.voteStatus ?? "not held online"}: only an OPEN vote closes.`);
    await manager.query(
      `UPDATE resolution r SET votes_for = t.f, votes_against = t.a, abstentions = t.x, adopted = t.f > t.a
       FROM (SELECT r2.id,
                    coalesce(sum(b.ballots) FILTER (WHERE b.choice = 'FOR'), 0)::int AS f,
                    coalesce(sum(b.ballots) FILTER (WHERE b.choice = 'AGAINST'), 0)::int AS a,
                    coalesce(sum(b.ballots) FILTER (WHERE b.choice = 'ABSTAIN'), 0)::int AS x
             FROM resolution r2 LEFT JOIN ballot_tally b ON b.resolution_id = r2.id
             WHERE r2.assembly_id = $1 GROUP BY r2.id) t
       WHERE r.id = t.id`,
      [id],
    );
    const [[closed]] = await manager.query<[Assembly[], number]>(
      `UPDATE assembly SET vote_status = 'CLOSED', vote_closes_at = least(vote_closes_at, now()) WHERE id = $1 RETURNING ${ASSEMBLY_COLUMNS}`,
      [id],
    );
    return closed!;
  });
}
