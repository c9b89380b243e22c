import type { Logger } from "@smart/platform";
import { BALLOTS_VIEWER } from "./ballotWork.js";
import { StepRun } from "../stepRunner/index.js";
import { finishBallot, PENDING_BALLOTS, type BallotServices } from "./castBallot.js";

/**
 * Finishes the ballots the units hold PENDING (a gateway that died between two
 * steps, central down for a while) as the gateway's ballot work: each is
 * counted with its own token, so a ballot counted already is not counted again,
 * then settled in its unit. A unit that does not answer is asked next round.
 * Logs name the subject, never the member or the choice.
 */
export async function resumePendingBallots(
  ballots: Pick<BallotServices, "asBallotWork" | "seal">,
  logger: Logger,
): Promise<void> {
  const steps = new StepRun(BALLOTS_VIEWER, ballots.asBallotWork);
  const { data, errors } = await steps.settle(PENDING_BALLOTS, {});
  for (const error of errors)
    logger.warn({ unit: error.extensions?.unit, message: error.message }, "pending ballots: a unit did not answer");
  const pending = data?.pendingBallots ?? [];
  for (const ballot of pending) {
    const content = ballots.seal.open(ballot.memberId, ballot.subjectId, ballot.sealedChoice ?? "");
    if (!content) {
      logger.warn({ subjectId: ballot.subjectId }, "a pending ballot does not open with this gateway's keys");
      continue;
    }
    try {
      const { counted } = await finishBallot(ballot, content, { unit: steps, central: steps });
      logger.info({ subjectId: ballot.subjectId, counted }, "ballot resumed");
    } catch (error) {
      logger.info({ subjectId: ballot.subjectId, err: error }, "ballot resumed: void, its vote closed");
    }
  }
}
