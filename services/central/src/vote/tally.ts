import DataLoader from "dataloader";
import { type CountryCode } from "@smart/platform";
import type { CentralContext } from "../context.js";
import type { Assembly, BudgetPriority } from "../entity/index.js";

export type BallotChoice = "FOR" | "AGAINST" | "ABSTAIN";

/** GraphQL `UnitTurnout`. */
export interface UnitTurnout {
  unit: CountryCode;
  ballots: number;
}

/** GraphQL `CountryTally`. */
export interface CountryTally {
  unit: CountryCode;
  for: number;
  against: number;
  abstain: number;
  adopted: boolean;
}

/** GraphQL `BallotTally`. */
export interface BallotTally {
  for: number;
  against: number;
  abstain: number;
  adopted: boolean;
  byCountry: CountryTally[];
}

/** GraphQL `PriorityScore`. */
export interface PriorityScore {
  priority: BudgetPriority;
  points: number;
  rank: number;
}

/** A resolution is adopted when more ballots are FOR than AGAINST. */
export const adopts = (counts: { for: number; against: number }) => counts.for > counts.against;

/** Whether an assembly's vote is over: closed, or past its closing time (no ballot is counted after either). */
export const voteIsOver = (assembly: Pick<Assembly, "voteStatus" | "voteClosesAt">, now = Date.now()) =>
  assembly.voteStatus === "CLOSED" ||
  (assembly.voteStatus === "OPEN" && assembly.voteClosesAt !== null && assembly.voteClosesAt.getTime() <= now);

const byUnit = (a: { unit: CountryCode }, b: { unit: CountryCode }) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0);

function group<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** One statement per batch for the vote's fields, kept per request beside the context's own loaders. */
function createVoteLoaders({ dataSource }: CentralContext) {
  return {
    turnout: new DataLoader<string, UnitTurnout[]>(async (subjects) => {
      const rows = await dataSource.query<(UnitTurnout & { subject: string })[]>(
        `SELECT subject_id AS subject, unit, count(*)::int AS ballots FROM ballot WHERE subject_id = ANY($1) GROUP BY subject_id, unit`,
        [subjects],
      );
      return group(subjects, rows, (row) => row.subject).map((units) =>
        units.map(({ unit, ballots }) => ({ unit, ballots })).sort(byUnit),
      );
    }),
    tally: new DataLoader<string, { unit: CountryCode; choice: BallotChoice; ballots: number }[]>(
      async (resolutions) => {
        const rows = await dataSource.query<
          { resolution: string; unit: CountryCode; choice: BallotChoice; ballots: number }[]
        >(`SELECT resolution_id AS resolution, unit, choice, ballots FROM ballot_tally WHERE resolution_id = ANY($1)`, [
          resolutions,
        ]);
        return group(resolutions, rows, (row) => row.resolution);
      },
    ),
    prioritiesOnBallot: new DataLoader<string, BudgetPriority[]>(async (assemblies) => {
      // The latest earlier assembly that adopted priorities: the cooperative's current ones.
      const rows = await dataSource.query<(BudgetPriority & { onBallotOf: string })[]>(
        `SELECT a.id AS "onBallotOf", bp.id, bp.assembly_id AS "assemblyId", bp.rank, bp.area, bp.original_language AS "originalLanguage"
         FROM assembly a
         CROSS JOIN LATERAL (
           SELECT p.id FROM assembly p
           WHERE p.id <> a.id AND p.held_on <= a.held_on AND EXISTS (SELECT 1 FROM budget_priority q WHERE q.assembly_id = p.id)
           ORDER BY p.held_on DESC, p.id DESC LIMIT 1) current
         JOIN budget_priority bp ON bp.assembly_id = current.id
         WHERE a.id = ANY($1) AND a.vote_status IS NOT NULL
         ORDER BY bp.rank`,
        [assemblies],
      );
      return group(assemblies, rows, (row) => row.onBallotOf).map((priorities) =>
        priorities.map(({ onBallotOf: _of, ...priority }) => priority),
      );
    }),
    priorityPoints: new DataLoader<string, Map<string, number>>(async (assemblies) => {
      const rows = await dataSource.query<{ assembly: string; priority: string; points: number }[]>(
        `SELECT assembly_id AS assembly, priority_id AS priority, sum(points)::int AS points FROM priority_points
         WHERE assembly_id = ANY($1) GROUP BY assembly_id, priority_id`,
        [assemblies],
      );
      return group(assemblies, rows, (row) => row.assembly).map(
        (points) => new Map(points.map((row) => [row.priority, row.points])),
      );
    }),
  };
}

const voteLoaders = new WeakMap<CentralContext, ReturnType<typeof createVoteLoaders>>();

export function voteLoadersOf(context: CentralContext): ReturnType<typeof createVoteLoaders> {
  let loaders = voteLoaders.get(context);
  if (!loaders) voteLoaders.set(context, (loaders = createVoteLoaders(context)));
  return loaders;
}

/** The resolution's count per unit and Europe-wide, once its assembly's vote is over; null before. */
export async function tallyOf(
  resolution: { id: string; assemblyId: string },
  context: CentralContext,
): Promise<BallotTally | null> {
  const [assembly, rows] = await Promise.all([
    context.loaders.assembly.load(resolution.assemblyId),
    voteLoadersOf(context).tally.load(resolution.id),
  ]);
  if (!assembly || !voteIsOver(assembly)) return null;
  const units = new Map<CountryCode, CountryTally>();
  for (const row of rows) {
    const unit = units.get(row.unit) ?? { unit: row.unit, for: 0, against: 0, abstain: 0, adopted: false };
    if (row.choice === "FOR") unit.for += row.ballots;
    else if (row.choice === "AGAINST") unit.against += row.ballots;
    else unit.abstain += row.ballots;
    units.set(row.unit, unit);
  }
  const byCountry = [...units.values()].filter((unit) => unit.for + unit.against + unit.abstain > 0).sort(byUnit);
  for (const unit of byCountry) unit.adopted = adopts(unit);
  const sum = (key: "for" | "against" | "abstain") => byCountry.reduce((total, unit) => total + unit[key], 0);
  const europe = { for: sum("for"), against: sum("against"), abstain: sum("abstain") };
  return { ...europe, adopted: adopts(europe), byCountry };
}

/** The Borda count of the assembly's priorities, highest first, once its vote is over; null before. */
export async function priorityRankingOf(assembly: Assembly, context: CentralContext): Promise<PriorityScore[] | null> {
  if (!voteIsOver(assembly)) return null;
  const loaders = voteLoadersOf(context);
  const [priorities, points] = await Promise.all([
    loaders.prioritiesOnBallot.load(assembly.id),
    loaders.priorityPoints.load(assembly.id),
  ]);
  const scored = priorities
    .map((priority) => ({ priority, points: points.get(priority.id) ?? 0 }))
    .sort((a, b) => b.points - a.points || a.priority.rank - b.priority.rank);
  return scored.map((score) => ({ ...score, rank: 1 + scored.filter((other) => other.points > score.points).length }));
}
