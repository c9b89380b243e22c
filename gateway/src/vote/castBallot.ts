import { conflict, ErrorCode, forbidden, graphqlError, notFound, unauthenticatedForField, type CountryCode, type Viewer } from "@smart/platform";
import type { SubgraphCaller, SubgraphResponse } from "../memberRights/context.js";
import { passOn, settle } from "../memberRights/transfer.js";
import { crashPointReached } from "../memberRights/crashPoint.js";
import { sameContent, type BallotContent, type BallotSeal } from "./ballotSeal.js";

/** What a ballot's steps need besides the caller: central reached as the gateway's ballot work, and the seal. */
export interface BallotServices {
  /** Calls central (or the units' backlog) as the gateway's ballot work: never as the member. */
  asBallotWork: SubgraphCaller;
  seal: BallotSeal;
}

export interface VoteContext {
  viewer: Viewer;
  /** Calls the member's unit as the member (the gateway's signed call). */
  call: SubgraphCaller;
  ballots: BallotServices;
}

/** GraphQL `BallotReceipt`. */
export interface BallotReceipt {
  receipt: string;
  counted: boolean;
}

/** The member's unit's record of one ballot (national `MemberBallot`). */
export interface MemberBallot {
  memberId: string;
  subjectId: string;
  state: "PENDING" | "COUNTED" | "VOID";
  token: string | null;
  sealedChoice: string | null;
}

interface BallotSubject {
  assemblyId: string;
  resolutionId: string | null;
  voteStatus: "SCHEDULED" | "OPEN" | "CLOSED" | null;
  voteClosesAt: string | null;
  priorityIds: string[];
}

const BALLOT_FIELDS = "memberId subjectId state token sealedChoice";
const SUBJECT = `query BallotSubject($resolutionId: ID, $assemblyId: ID) {
  ballotSubject(resolutionId: $resolutionId, assemblyId: $assemblyId) { assemblyId resolutionId voteStatus voteClosesAt priorityIds }
}`;
const BEGIN = `mutation BeginBallot($memberId: ID!, $subjectId: ID!, $sealedChoice: String!) {
  beginBallot(memberId: $memberId, subjectId: $subjectId, sealedChoice: $sealedChoice) { ${BALLOT_FIELDS} }
}`;
const RECORD = `mutation RecordBallot($token: ID!, $resolutionId: ID!, $unit: CountryCode!, $choice: BallotChoice!) {
  recordBallot(token: $token, resolutionId: $resolutionId, unit: $unit, choice: $choice)
}`;
const RECORD_RANKING = `mutation RecordPriorityRanking($token: ID!, $assemblyId: ID!, $unit: CountryCode!, $ranking: [ID!]!) {
  recordPriorityRanking(token: $token, assemblyId: $assemblyId, unit: $unit, ranking: $ranking)
}`;
const SETTLE = `mutation SettleBallot($memberId: ID!, $subjectId: ID!, $token: ID!, $counted: Boolean!) {
  settleBallot(memberId: $memberId, subjectId: $subjectId, token: $token, counted: $counted) { ${BALLOT_FIELDS} }
}`;
export const PENDING_BALLOTS = `query PendingBallots { pendingBallots { ${BALLOT_FIELDS} } }`;

/** Unit calls of one castBallot at most: begin and settle in the member's unit (central: the subject and the count). */
export const UNIT_CALLS_PER_BALLOT = 2;

/** What central answers a ballot on a vote that is over with (services/central/src/vote/ballots.ts). */
const VOTE_CLOSED = "VOTE_CLOSED";

/**
 * Casts the signed-in member's ballot on a resolution (`castBallot`):
 * 1. central says the resolution's vote is open (asked as the ballot work);
 * 2. the member's unit decides they may vote and records THAT they vote, with a
 *    fresh token and the choice sealed for it (or answers the ballot begun already);
 * 3. central counts the choice once per token (told the unit, never the member);
 * 4. the unit forgets the token and the sealed choice: COUNTED.
 * A gateway that dies after 2 or 3 leaves the ballot PENDING in the unit, which
 * the retry worker (or the member asking again) finishes with the same token.
 */
export async function castBallot(resolutionId: string, choice: "FOR" | "AGAINST" | "ABSTAIN", assemblyId: string | null | undefined, context: VoteContext) {
  const memberId = checkVoter(context.viewer);
  const subject = await openSubject({ resolutionId, assemblyId: assemblyId ?? null }, context);
  return cast(memberId, subject.resolutionId!, { choice }, context);
}

/** Ranks the priorities on the assembly's ballot (`castPriorityRanking`): the same steps as a ballot, on the assembly. */
export async function castPriorityRanking(assemblyId: string, ranking: readonly string[], context: VoteContext) {
  const memberId = checkVoter(context.viewer);
  const subject = await openSubject({ resolutionId: null, assemblyId }, context);
  checkRanking(ranking, subject.priorityIds);
  return cast(memberId, subject.assemblyId, { ranking: [...ranking] }, context);
}

function checkVoter(viewer: Viewer): string {
  if (viewer.role === "anonymous") throw unauthenticatedForField("Sign in to vote.");
  if (viewer.role !== "member") throw forbidden("A member votes for themself: staff and the central office cast no ballot, and none for a member.");
  return viewer.sub;
}

function checkRanking(ranking: readonly string[], onBallot: readonly string[]): void {
  const given = new Set(ranking);
  if (!onBallot.length) throw graphqlError(ErrorCode.BAD_USER_INPUT, "This assembly puts no budget priorities to the vote.", { argumentName: "assemblyId" });
  if (given.size !== ranking.length || ranking.length !== onBallot.length || !onBallot.every((id) => given.has(id)))
    throw graphqlError(ErrorCode.BAD_USER_INPUT, `ranking: every priority on the ballot once each (${onBallot.join(", ")}), most wanted first.`, {
      argumentName: "ranking",
    });
}

async function openSubject(arguments_: { resolutionId: string | null; assemblyId: string | null }, context: VoteContext): Promise<BallotSubject> {
  const response = await context.ballots.asBallotWork("central", SUBJECT, arguments_);
  if (response.errors?.length) throw passOn(response.errors[0]!);
  const subject = response.data?.ballotSubject as BallotSubject | null | undefined;
  if (!subject) throw notFound(arguments_.resolutionId ? `No resolution ${arguments_.resolutionId}.` : `No assembly ${arguments_.assemblyId}.`);
  const over = subject.voteClosesAt !== null && Date.parse(subject.voteClosesAt) <= Date.now();
  if (subject.voteStatus !== "OPEN" || over)
    throw graphqlError(ErrorCode.CONFLICT, `The vote of ${subject.assemblyId} is ${over ? "closed" : (subject.voteStatus?.toLowerCase() ?? "not held online")}: ballots are cast while it is open.`, {
      reason: VOTE_CLOSED,
    });
  return subject;
}

async function cast(memberId: string, subjectId: string, content: BallotContent, context: VoteContext): Promise<BallotReceipt> {
  const sealedChoice = context.ballots.seal.seal(memberId, subjectId, content);
  const begun = await context.call("national", BEGIN, { memberId, subjectId, sealedChoice });
  if (begun.errors?.length) throw passOn(begun.errors[0]!);
  const ballot = begun.data?.beginBallot as MemberBallot | undefined;
  if (!ballot) throw graphqlError(ErrorCode.SHARD_UNAVAILABLE, "The member's unit recorded no ballot.", { unit: memberId.slice(0, 2) });
  if (ballot.state === "COUNTED") throw conflict(`You have voted on ${subjectId} already: one ballot each.`);
  if (ballot.state === "VOID") throw conflict(`Your ballot on ${subjectId} was not counted before the vote closed.`);
  const pending = context.ballots.seal.open(memberId, subjectId, ballot.sealedChoice ?? "");
  if (!pending || !sameContent(pending, content)) throw conflict(`Your ballot on ${subjectId} is being counted already, with another choice: one ballot each.`);
  crashPointReached(1, "BALLOT");
  return finishBallot(ballot, pending, context.call, context.ballots);
}

/**
 * Steps 3 and 4 of a pending ballot, from the unit's record (the caller's or
 * the retry worker's): central counts it once per token, then the unit settles
 * it. Central down: still PENDING (counted false); the vote over: VOID, CONFLICT.
 */
export async function finishBallot(ballot: MemberBallot, content: BallotContent, callUnit: SubgraphCaller, ballots: BallotServices): Promise<BallotReceipt> {
  const token = ballot.token!;
  const unit = ballot.memberId.slice(0, 2) as CountryCode;
  const recorded = await settle(
    "choice" in content
      ? ballots.asBallotWork("central", RECORD, { token, resolutionId: ballot.subjectId, unit, choice: content.choice })
      : ballots.asBallotWork("central", RECORD_RANKING, { token, assemblyId: ballot.subjectId, unit, ranking: content.ranking }),
  );
  const refusal = recorded.errors?.[0];
  if (refusal?.extensions?.reason === VOTE_CLOSED) {
    await settleInUnit(ballot, false, callUnit);
    throw passOn(refusal);
  }
  if (refusal || recorded.data?.[Object.keys(recorded.data ?? {})[0] ?? ""] !== true) return { receipt: token, counted: false };
  crashPointReached(2, "BALLOT");
  await settleInUnit(ballot, true, callUnit);
  return { receipt: token, counted: true };
}

/** The unit forgets the token and the sealed choice; a failure leaves the ballot PENDING, settled again later (central counts a token once). */
async function settleInUnit(ballot: MemberBallot, counted: boolean, callUnit: SubgraphCaller): Promise<SubgraphResponse> {
  return settle(callUnit("national", SETTLE, { memberId: ballot.memberId, subjectId: ballot.subjectId, token: ballot.token, counted }));
}
