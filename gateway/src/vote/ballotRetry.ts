import type { Logger } from "@smart/platform";
import { finishBallot, PENDING_BALLOTS, type BallotServices, type MemberBallot } from "./castBallot.js";

/**
 * Finishes the ballots the units hold PENDING (a gateway that died between two
 * steps, central down for a while) as the gateway's ballot work: each is
 * counted with its own token, so a ballot counted already is not counted again,
 * then settled in its unit. A unit that does not answer is asked next round.
 * Logs name the subject, never the member or the choice.
 */
export async function resumePendingBallots(ballots: BallotServices, logger: Logger): Promise<void> {
  const response = await ballots.asBallotWork("national", PENDING_BALLOTS, {});
  for (const error of response.errors ?? []) logger.warn({ unit: error.extensions?.unit, message: error.message }, "pending ballots: a unit did not answer");
  const pending = (response.data?.pendingBallots as MemberBallot[] | undefined) ?? [];
  for (const ballot of pending) {
    const content = ballots.seal.open(ballot.memberId, ballot.subjectId, ballot.sealedChoice ?? "");
    if (!content) {
      logger.warn({ subjectId: ballot.subjectId }, "a pending ballot does not open with this gateway's keys");
      continue;
    }
    try {
      const { counted } = await finishBallot(ballot, content, ballots.asBallotWork, ballots);
      logger.info({ subjectId: ballot.subjectId, counted }, "ballot resumed");
    } catch (error) {
      logger.info({ subjectId: ballot.subjectId, err: error }, "ballot resumed: void, its vote closed");
    }
  }
}
