import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "@smart/platform";
import type { CallAllowance } from "./upstream.js";

/** `extensions.unitCallAllowance` (the allowance) of the error that stands for the calls the allowance did not make. */
const ALLOWANCE_EXTENSION = "unitCallAllowance";

/**
 * The unit calls one request may make (QUERY_MAX_UNIT_CALLS), spent by the shard
 * router as each call goes out. The plan's price (unitCallBudget.ts) is an estimate
 * made before any call, and refuses early what is surely too dear; this is the
 * guarantee: whatever the estimate missed (a list longer than assumed, a page one
 * unit dominates, a member who moved), no request makes more calls than this.
 * Once spent, every further call is answered here with QUERY_TOO_COMPLEX: that
 * part of the answer is null.
 */
export class UnitCallAllowance implements CallAllowance {
  private spent = 0;
  private refused = 0;
  private received = 0;
  private overflowed = false;

  /**
   * `limit` calls; `maxAnswerBytes` of the units' answers in all (GATEWAY_MAX_ANSWER_BYTES): what
   * one request may hold in the gateway's heap, so that no request can take the process down.
   */
  constructor(
    readonly limit: number,
    readonly maxAnswerBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** Spends one call: false (and the call is not made) once the allowance is spent, or the answers filled their bound. */
  take(): boolean {
    if (this.spent >= this.limit || this.overflowed) {
      this.refused++;
      return false;
    }
    this.spent++;
    return true;
  }

  /** Counts `bytes` more of a call's answer (upstream.ts's AnswerBudget): false, and no further call, once past the bound. */
  consume(bytes: number): boolean {
    this.received += bytes;
    if (this.received > this.maxAnswerBytes) this.overflowed = true;
    return !this.overflowed;
  }

  /** A call dropped for the bound (its own answer, or a shared call's): its fields are refused like a call not made, and no further call is. */
  overflow(): void {
    this.overflowed = true;
    this.refused++;
  }

  /** Whether the answers' bound (rather than the number of calls) stopped the request. */
  get answerTooLarge(): boolean {
    return this.overflowed;
  }

  /** Calls made so far. */
  get calls(): number {
    return this.spent;
  }

  /** Calls refused for want of allowance. */
  get callsRefused(): number {
    return this.refused;
  }
}

/** What a unit call refused for want of allowance answers in the router (its fields null). */
export function allowanceSpentError(limit: number): GraphQLFormattedError {
  return allowanceSpent(limit).toJSON();
}

/** The one error the caller gets for every call the allowance refused. */
export function allowanceSpent(limit: number): GraphQLError {
  return new GraphQLError(
    `This request used up its allowance of ${limit} calls to the national units (QUERY_MAX_UNIT_CALLS) before its answer was complete; ` +
      `the parts it could not ask for are null. Ask for fewer items under lists that fan out (give \`first\`, a shorter range, a country).`,
    { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, [ALLOWANCE_EXTENSION]: limit } },
  );
}

/** The one error the caller gets when the units' answers passed the request's bound. */
export function answerTooLarge(maxAnswerBytes: number, limit: number): GraphQLError {
  return new GraphQLError(
    `This request's answer passed its bound of ${maxAnswerBytes} bytes from the national units (GATEWAY_MAX_ANSWER_BYTES); ` +
      `the parts past it are null. Ask for less at once: pages (\`first\`), shorter ranges, a country.`,
    { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, [ALLOWANCE_EXTENSION]: limit, maxAnswerBytes } },
  );
}

/** Whether an error (from a subgraph, passed on by the planner) is one of the allowance's. */
export function isAllowanceError(error: { extensions?: Record<string, unknown> | undefined }): boolean {
  return (
    error.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX && typeof error.extensions[ALLOWANCE_EXTENSION] === "number"
  );
}

/**
 * Every call the allowance refused stands for the same fact: the request's answer
 * carries that one error, once, whichever fields and units it cut short.
 */
export function allowanceSpentPlugin(): ApolloServerPlugin<{ unitCalls?: UnitCallAllowance }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const allowance = contextValue.unitCalls;
          if (!allowance?.callsRefused || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const others = (result.errors ?? []).filter((error) => !isAllowanceError(error));
          const error = allowance.answerTooLarge
            ? answerTooLarge(allowance.maxAnswerBytes, allowance.limit)
            : allowanceSpent(allowance.limit);
          result.errors = [...others, error.toJSON()];
        },
      };
    },
  };
}
