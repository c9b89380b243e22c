import { MemberAccessLogDocument, type MemberAccessLogQuery } from "../__generated__/national-operations.js";
import { onlyLacksFields, passOn, unitStep, type CrossUnitOperation, type Settled } from "../stepRunner/index.js";
import type { MemberRightsContext } from "./context.js";
import { MAX_MOVES_FOLLOWED } from "./followMoves.js";

type AccessLogEntry = MemberAccessLogQuery["personalDataAccessLog"][number];

const LOG = unitStep(MemberAccessLogDocument);

/** The access log, as the step runner prices it: the member's unit, and each unit they came from. */
export const ACCESS_LOG: CrossUnitOperation = {
  fields: { personalDataAccessLog: [{ step: LOG, times: 1 + MAX_MOVES_FOLLOWED }] },
};

/**
 * Who read a member's personal data, in every unit they lived in, oldest first:
 * the member's unit's log and, for a member who arrived by a transfer, the logs
 * of the units they came from under their former IDs (each unit lets whoever may
 * read the log where the member lives now read the one it kept). Complete or not
 * at all: a unit's refusal or absence is the answer's error, naming the unit.
 */
export async function personalDataAccessLog(memberId: string, context: MemberRightsContext): Promise<AccessLogEntry[]> {
  const logs: AccessLogEntry[][] = [];
  let id: string | null = memberId;
  for (let hop = 0; id && hop <= MAX_MOVES_FOLLOWED; hop++) {
    // A unit a release behind does not say where a member came from: its own log is the whole answer.
    const { data, errors }: Settled<MemberAccessLogQuery> = await context.steps.settle(LOG, { id });
    if (!data || (errors[0] && !onlyLacksFields(errors)))
      throw passOn(errors[0] ?? { message: "The member's unit gave no access log." });
    logs.unshift(data.personalDataAccessLog);
    id = data.formerMemberId ?? null;
  }
  // The earliest unit's entries first, so that entries of the same instant keep the order the member lived in the units.
  return logs.flat().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
