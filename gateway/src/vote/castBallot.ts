import {
  BallotSubjectDocument,
  RecordBallotDocument,
  RecordPriorityRankingDocument,
} from "../__generated__/central-operations.js";
import {
  BeginBallotDocument,
  PendingBallotsDocument,
  SettleBallotDocument,
  type MemberBallotFieldsFragment,
} from "../__generated__/national-operations.js";
import {
  conflict,
  ErrorCode,
  forbidden,
  graphqlError,
  notFound,
  unauthenticatedForField,
  type Viewer,
} from "@smart/platform";
import type { BallotServices } from "../memberRights/context.js";
import { crashPointReached } from "../memberRights/crashPoint.js";
import { BALLOTS_VIEWER } from "./ballotWork.js";
import { centralStep, everyUnitStep, passOn, StepRun, unitStep, type CrossUnitOperation } from "../stepRunner/index.js";
import { sameContent, type BallotContent, type BallotSeal } from "./ballotSeal.js";
import type { BallotSubject, VoteWindows } from "./voteWindows.js";
import type { BallotSettles } from "./ballotSettles.js";
export type { BallotServices };

export interface VoteContext {
  viewer: Viewer;
  /** The member's steps: their unit called as the member (the gateway's signed call). */
  steps: StepRun;
  ballots: BallotServices;
  /** Runs work once the member's answer has left. */
  afterAnswer: (work: () => void) => void;
}

/** The ballot's steps: the member's unit's as the member, central's as the ballot work. */
interface BallotRuns {
  unit: StepRun;
  central: StepRun;
  seal: BallotSeal;
  windows?: VoteWindows;
  settles: BallotSettles;
  afterAnswer: (work: () => void) => void;
}

/** GraphQL `BallotReceipt`. */
export interface BallotReceipt {
  receipt: string;
  counted: boolean;
}

/** The member's unit's record of one ballot (national `MemberBallot`). */
export type MemberBallot = MemberBallotFieldsFragment;

const SUBJECT = centralStep(BallotSubjectDocument);
const BEGIN = unitStep(BeginBallotDocument);
const RECORD = centralStep(RecordBallotDocument);
const RECORD_RANKING = centralStep(RecordPriorityRankingDocument);
const SETTLE = unitStep(SettleBallotDocument);
/** The ballots every unit holds pending: the retry worker's backlog of ballots (as the ballot work). */
export const PENDING_BALLOTS = everyUnitStep(PendingBallotsDocument);

/** The vote as an operation that spans units: what each of its fields may send (its price). Resumed from its own backlog, PENDING_BALLOTS. */
export const VOTE_OPERATION: CrossUnitOperation = {
  // One step at a time (the settle after the answer): the gateway's admission weighs a ballot as one call in flight.
  sequential: true,
  fields: {
    castBallot: [SUBJECT, BEGIN, RECORD, SETTLE],
    castPriorityRanking: [SUBJECT, BEGIN, RECORD_RANKING, SETTLE],
  },
};

/** What central answers a ballot on a vote that is over with (services/central/src/vote/ballots.ts). */
const VOTE_CLOSED = "VOTE_CLOSED";

/**
 * Casts the signed-in member's ballot on a resolution (`castBallot`):
 * 1. central says the resolution's vote is open (asked as the ballot work);
 * 2. the member's unit decides they may vote and records THAT they vote, with a
 *    fresh token and the choice sealed for it (or answers the ballot begun already);
 * 3. central counts the choice once per token (told the unit, never the member);
 * 4. once the member has their receipt, the unit forgets the token and the
 *    sealed choice: COUNTED (the receipt holds from 3 on: central counted it),
 *    with the other ballots counted meanwhile in that unit (ballotSettles.ts).
 * Step 1 is answered from the gateway's copy of an open vote's window for a
 * moment (voteWindows.ts). A gateway that dies after 2, 3 or the answer leaves
 * the ballot PENDING in the unit, which the retry worker (or the member asking
 * again) finishes with the same token.
 */
export async function castBallot(
  resolutionId: string,
  choice: "FOR" | "AGAINST" | "ABSTAIN",
  assemblyId: string | null | undefined,
  context: VoteContext,
) {
  const memberId = checkVoter(context.viewer);
  const runs = runsOf(context);
  const subject = await openSubject({ resolutionId, assemblyId: assemblyId ?? null }, runs);
  return cast(memberId, subject.resolutionId!, { choice }, runs);
}

/** Ranks the priorities on the assembly's ballot (`castPriorityRanking`): the same steps as a ballot, on the assembly. */
export async function castPriorityRanking(assemblyId: string, ranking: readonly string[], context: VoteContext) {
  const memberId = checkVoter(context.viewer);
  const runs = runsOf(context);
  const subject = await openSubject({ resolutionId: null, assemblyId }, runs);
  checkRanking(ranking, subject.priorityIds);
  return cast(memberId, subject.assemblyId, { ranking: [...ranking] }, runs);
}

function runsOf({ steps, ballots, afterAnswer }: VoteContext): BallotRuns {
  return {
    unit: steps,
    central: new StepRun(BALLOTS_VIEWER, ballots.asBallotWork),
    seal: ballots.seal,
    windows: ballots.windows,
    settles: ballots.settles,
    afterAnswer,
  };
}

function checkVoter(viewer: Viewer): string {
  if (viewer.role === "anonymous") throw unauthenticatedForField("Sign in to vote.");
  if (viewer.role !== "member")
    throw forbidden("A member votes for themself: staff and the central office cast no ballot, and none for a member.");
  return viewer.sub;
}

function checkRanking(ranking: readonly string[], onBallot: readonly string[]): void {
  const given = new Set(ranking);
  if (!onBallot.length)
    throw graphqlError(ErrorCode.BAD_USER_INPUT, "This assembly puts no budget priorities to the vote.", {
      argumentName: "assemblyId",
    });
  if (given.size !== ranking.length || ranking.length !== onBallot.length || !onBallot.every((id) => given.has(id)))
    throw graphqlError(
      ErrorCode.BAD_USER_INPUT,
      `ranking: every priority on the ballot once each (${onBallot.join(", ")}), most wanted first.`,
      {
        argumentName: "ranking",
      },
    );
}

async function openSubject(
  arguments_: { resolutionId: string | null; assemblyId: string | null },
  runs: BallotRuns,
): Promise<BallotSubject> {
  const { resolutionId, assemblyId } = arguments_;
  let subject = runs.windows?.get(resolutionId, assemblyId) ?? null;
  if (!subject) {
    ({ ballotSubject: subject } = await runs.central.run(SUBJECT, arguments_));
    if (subject) runs.windows?.keep(resolutionId, assemblyId, subject);
  }
  if (!subject)
    throw notFound(
      arguments_.resolutionId ? `No resolution ${arguments_.resolutionId}.` : `No assembly ${arguments_.assemblyId}.`,
    );
  const over = subject.voteClosesAt !== null && Date.parse(subject.voteClosesAt) <= Date.now();
  if (subject.voteStatus !== "OPEN" || over)
    throw graphqlError(
      ErrorCode.CONFLICT,
      `The vote of ${subject.assemblyId} is ${over ? "closed" : (subject.voteStatus?.toLowerCase() ?? "not held online")}: ballots are cast while it is open.`,
      {
        reason: VOTE_CLOSED,
      },
    );
  return subject;
}

async function cast(
  memberId: string,
  subjectId: string,
  content: BallotContent,
  runs: BallotRuns,
): Promise<BallotReceipt> {
  const sealedChoice = runs.seal.seal(memberId, subjectId, content);
  const { beginBallot: ballot } = await runs.unit.run(BEGIN, { memberId, subjectId, sealedChoice });
  if (ballot.state === "COUNTED") throw conflict(`You have voted on ${subjectId} already: one ballot each.`);
  if (ballot.state === "VOID") throw conflict(`Your ballot on ${subjectId} was not counted before the vote closed.`);
  const pending = runs.seal.open(memberId, subjectId, ballot.sealedChoice ?? "");
  if (!pending || !sameContent(pending, content))
    throw conflict(`Your ballot on ${subjectId} is being counted already, with another choice: one ballot each.`);
  crashPointReached(1, "BALLOT");
  const receipt = await countBallot(ballot, pending, runs);
  if (receipt.counted)
    runs.afterAnswer(() => {
      crashPointReached(3, "BALLOT");
      runs.settles.add({ memberId, subjectId, token: receipt.receipt });
    });
  return receipt;
}

/**
 * Steps 3 and 4 of a pending ballot, from the unit's record (the retry
 * worker's): central counts it once per token, then the unit settles it.
 * Central down: still PENDING (counted false); the vote over: VOID, CONFLICT.
 */
export async function finishBallot(
  ballot: MemberBallot,
  content: BallotContent,
  runs: Pick<BallotRuns, "unit" | "central">,
): Promise<BallotReceipt> {
  const receipt = await countBallot(ballot, content, runs);
  if (receipt.counted) await settleCounted(ballot, runs);
  return receipt;
}

/** Step 4 of a counted ballot: the unit forgets its token and sealed choice. Never throws. */
const settleCounted = (ballot: MemberBallot, runs: Pick<BallotRuns, "unit">) =>
  runs.unit.settle(SETTLE, {
    memberId: ballot.memberId,
    subjectId: ballot.subjectId,
    token: ballot.token!,
    counted: true,
  });

/**
 * Step 3: central counts the ballot once per token (counted false: central did
 * not answer, the ballot stays PENDING). The vote over: the unit's record is
 * settled VOID and the vote's window forgotten, CONFLICT.
 */
async function countBallot(
  ballot: MemberBallot,
  content: BallotContent,
  runs: Pick<BallotRuns, "unit" | "central" | "windows">,
): Promise<BallotReceipt> {
  const token = ballot.token!;
  const unit = ballot.memberId.slice(0, 2);
  const recorded =
    "choice" in content
      ? await runs.central.settle(RECORD, { token, resolutionId: ballot.subjectId, unit, choice: content.choice })
      : await runs.central.settle(RECORD_RANKING, {
          token,
          assemblyId: ballot.subjectId,
          unit,
          ranking: content.ranking,
        });
  const [refusal] = recorded.errors;
  if (refusal?.extensions?.reason === VOTE_CLOSED) {
    runs.windows?.forget(ballot.subjectId);
    await runs.unit.settle(SETTLE, { memberId: ballot.memberId, subjectId: ballot.subjectId, token, counted: false });
    throw passOn(refusal, { reason: VOTE_CLOSED });
  }
  const data = recorded.data as { recordBallot?: boolean; recordPriorityRanking?: boolean } | null;
  if (refusal || !(data?.recordBallot ?? data?.recordPriorityRanking)) return { receipt: token, counted: false };
  crashPointReached(2, "BALLOT");
  return { receipt: token, counted: true };
}
