import { graphqlError } from "@smart/platform";
import type { GraphQLFormattedError } from "graphql";
import type { MemberRightsContext } from "./context.js";
import { MAX_MOVES_FOLLOWED } from "./followMoves.js";

/** An access log entry as a unit gives it (`at` an ISO date-time, the same format in every unit). */
interface AccessLogEntry {
  at: string;
  role: string;
  actor: string;
  unit: string | null;
  fields: string[];
  requestId: string;
}

/** The log a unit kept of one of its IDs, and the ID the member had before they arrived there, if they did. */
const LOG = `query MemberAccessLog($id: ID!) {
  personalDataAccessLog(memberId: $id) { at role actor unit fields requestId }
  formerMemberId(memberId: $id)
}`;

/** Unit calls of one access log at most: the member's unit, and each unit they came from. */
export const UNIT_CALLS_PER_ACCESS_LOG = 1 + MAX_MOVES_FOLLOWED;

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
    const response = await context.call("national", LOG, { id });
    if (response.errors?.length || !response.data) throw passOn(response.errors?.[0]);
    logs.unshift(response.data.personalDataAccessLog as AccessLogEntry[]);
    id = (response.data.formerMemberId as string | null | undefined) ?? null;
  }
  // The earliest unit's entries first, so that entries of the same instant keep the order the member lived in the units.
  return logs.flat().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function passOn(error: GraphQLFormattedError | undefined) {
  const code = typeof error?.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  return graphqlError(code as never, error?.message ?? "The member's unit gave no access log.", error?.extensions?.unit ? { unit: error.extensions.unit } : {});
}
