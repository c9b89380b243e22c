import {
  badUserInput,
  conflict,
  graphqlError,
  ErrorCode,
  isCountryCode,
  notFound,
  type CountryCode,
} from "@smart/platform";
import type { EntityManager } from "typeorm";
import type { CentralContext } from "../context.js";
import type { AssemblyVoteStatus } from "../entity/index.js";
import { lockAdmittedUnit } from "../directory/admission.js";
import { requireCentralId } from "../ids.js";
import { checkBallotWork } from "./access.js";
import { voteIsOver, voteLoadersOf, type BallotChoice } from "./tally.js";

/** GraphQL `BallotSubject`. */
export interface BallotSubject {
  assemblyId: string;
  resolutionId: string | null;
  voteStatus: AssemblyVoteStatus | null;
  voteClosesAt: Date | null;
  priorityIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A ballot token (the member's receipt): a random UUID, lower case. */
export function requireToken(token: string, argumentName: string): string {
  if (!UUID.test(token)) throw badUserInput(`${argumentName}: not a ballot receipt.`, { argumentName });
  return token;
}

/** What the vote refuses a ballot with once the vote is over: the gateway then voids the member's pending ballot. */
export const VOTE_CLOSED = "VOTE_CLOSED";

const voteClosed = (assemblyId: string) =>
  graphqlError(ErrorCode.CONFLICT, `The vote of ${assemblyId} is not open.`, { reason: VOTE_CLOSED });

/** The resolution's (or the assembly's) subject of a ballot: where it may be cast and, for a ranking, what it orders. */
export async function ballotSubject(
  resolutionId: string | null | undefined,
  assemblyId: string | null | undefined,
  context: CentralContext,
): Promise<BallotSubject | null> {
  if (resolutionId == null && assemblyId == null) throw badUserInput(`resolutionId or assemblyId: one of them.`);
  let resolvedAssembly = assemblyId == null ? null : requireCentralId(assemblyId, "assemblyId");
  if (resolutionId != null) {
    const [resolution] = await context.dataSource.query<{ assemblyId: string }[]>(
      `SELECT assembly_id AS "assemblyId" FROM resolution WHERE id = $1`,
      [requireCentralId(resolutionId, "resolutionId")],
    );
    if (!resolution) return null;
    if (resolvedAssembly !== null && resolvedAssembly !== resolution.assemblyId)
      throw badUserInput(
        `resolutionId: ${resolutionId} is a resolution of ${resolution.assemblyId}, not of ${resolvedAssembly}.`,
        {
          argumentName: "resolutionId",
        },
      );
    resolvedAssembly = resolution.assemblyId;
  }
  const assembly = await context.loaders.assembly.load(resolvedAssembly!);
  if (!assembly) return null;
  const priorities = resolutionId == null ? await voteLoadersOf(context).prioritiesOnBallot.load(assembly.id) : [];
  return {
    assemblyId: assembly.id,
    resolutionId: resolutionId ?? null,
    voteStatus: assembly.voteStatus,
    voteClosesAt: assembly.voteClosesAt,
    priorityIds: priorities.map((priority) => priority.id),
  };
}

/**
 * Counts a ballot once per token: a token seen already answers true and changes
 * nothing (a retried or resumed step); a new one is counted while the vote is
 * open, its assembly's row held shared so that closing waits for it. The choice
 * goes into the counter alone: no row keeps it beside the token.
 */
export async function recordBallot(
  token: string,
  resolutionId: string,
  unit: CountryCode,
  choice: BallotChoice,
  { viewer, signedByGateway, dataSource }: CentralContext,
): Promise<boolean> {
  checkBallotWork(viewer, signedByGateway);
  const key = requireToken(token, "token");
  const id = requireCentralId(resolutionId, "resolutionId");
  if (!isCountryCode(unit)) throw badUserInput(`unit: a unit's code.`, { argumentName: "unit" });
  return dataSource.transaction(async (manager) => {
    // The resolution's assembly, its row held shared: a close waits for the count, or the count sees it closed.
    const [assembly] = await manager.query<VoteWindow[]>(
      `SELECT a.id AS "assemblyId", a.vote_status AS "voteStatus", a.vote_closes_at AS "voteClosesAt"
       FROM resolution r JOIN assembly a ON a.id = r.assembly_id WHERE r.id = $1 FOR SHARE OF a`,
      [id],
    );
    if (!assembly) throw notFound(`No resolution ${id}.`);
    if (!(await countOnce(manager, key, id, unit, assembly))) return true;
    await manager.query(
      `INSERT INTO ballot_tally (resolution_id, unit, choice, ballots) VALUES ($1, $2, $3, 1)
       ON CONFLICT (resolution_id, unit, choice) DO UPDATE SET ballots = ballot_tally.ballots + 1`,
      [id, unit, choice],
    );
    return true;
  });
}

/** Counts a ranking of the assembly's priorities once per token, by Borda: of n, the first gets n-1 points, the last 0. */
export async function recordPriorityRanking(
  token: string,
  assemblyId: string,
  unit: CountryCode,
  ranking: readonly string[],
  context: CentralContext,
): Promise<boolean> {
  checkBallotWork(context.viewer, context.signedByGateway);
  const key = requireToken(token, "token");
  const id = requireCentralId(assemblyId, "assemblyId");
  if (!isCountryCode(unit)) throw badUserInput(`unit: a unit's code.`, { argumentName: "unit" });
  const onBallot = (await voteLoadersOf(context).prioritiesOnBallot.load(id)).map((priority) => priority.id);
  checkPermutation(ranking, onBallot);
  return context.dataSource.transaction(async (manager) => {
    const [assembly] = await manager.query<VoteWindow[]>(
      `SELECT id AS "assemblyId", vote_status AS "voteStatus", vote_closes_at AS "voteClosesAt" FROM assembly WHERE id = $1 FOR SHARE`,
      [id],
    );
    if (!assembly) throw notFound(`No assembly ${id}.`);
    if (!(await countOnce(manager, key, id, unit, assembly))) return true;
    await manager.query(
      `INSERT INTO priority_points (assembly_id, priority_id, unit, points)
       SELECT $1, priority, $2, $3::int - position FROM unnest($4::text[]) WITH ORDINALITY AS r(priority, position)
       ON CONFLICT (assembly_id, priority_id, unit) DO UPDATE SET points = priority_points.points + excluded.points`,
      [id, unit, ranking.length, ranking],
    );
    return true;
  });
}

/** A ranking orders every priority on the ballot once each. */
export function checkPermutation(ranking: readonly string[], onBallot: readonly string[]): void {
  if (!onBallot.length)
    throw badUserInput(`This assembly puts no budget priorities to the vote.`, { argumentName: "assemblyId" });
  const given = new Set(ranking);
  if (given.size !== ranking.length || ranking.length !== onBallot.length || !onBallot.every((id) => given.has(id)))
    throw badUserInput(`ranking: every priority on the ballot once each (${onBallot.join(", ")}), most wanted first.`, {
      argumentName: "ranking",
    });
}

/** An assembly's vote as a count reads it, the assembly's row held FOR SHARE (so that a concurrent close waits). */
interface VoteWindow {
  assemblyId: string;
  voteStatus: AssemblyVoteStatus | null;
  voteClosesAt: Date | null;
}

/**
 * The ballot's token, recorded once: false when it was counted already (on
 * this subject; on another, CONFLICT). A new token is recorded while the vote
 * is open and its unit ADMITTED, and refused once it is not: a ballot is counted
 * before the close (or the unit's retirement) or not at all.
 */
async function countOnce(
  manager: EntityManager,
  token: string,
  subjectId: string,
  unit: CountryCode,
  vote: VoteWindow,
): Promise<boolean> {
  // The unit's directory row held shared too: a retirement waits for the count, or the count sees it retired
  // (and refuses a new ballot, while one counted before still answers as counted).
  const refusal = await lockAdmittedUnit(manager, unit, "unit").then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  if (!refusal && vote.voteStatus === "OPEN" && !voteIsOver(vote)) {
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO ballot (token, subject_id, unit) VALUES ($1, $2, $3) ON CONFLICT (token) DO NOTHING RETURNING token`,
      [token, subjectId, unit],
    );
    if (inserted.length === 1) return true;
  }
  const [seen] = await manager.query<{ subject: string }[]>(
    `SELECT subject_id AS subject FROM ballot WHERE token = $1`,
    [token],
  );
  if (!seen) throw refusal ?? voteClosed(vote.assemblyId);
  if (seen.subject !== subjectId) throw conflict(`This ballot token was counted on another subject.`);
  return false;
}

/** Whether a ballot with this receipt (its token) was counted. */
export async function ballotCounted(receipt: string, { dataSource }: CentralContext): Promise<boolean> {
  const token = requireToken(receipt.trim().toLowerCase(), "receipt");
  const [row] = await dataSource.query<unknown[]>(`SELECT 1 FROM ballot WHERE token = $1`, [token]);
  return row !== undefined;
}
