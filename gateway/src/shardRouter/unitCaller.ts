import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Dispatcher } from "undici";
import {
  unitFetchDuration,
  REQUEST_ID_HEADER,
  type CountryCode,
  type GatewaySigner,
  type Logger,
} from "@smart/platform";
import { tagWithUnit } from "./errors.js";
import { entityBatches, joinBatchOutcomes } from "./entityBatches.js";
import type { PreparedFetch } from "./preparedFetch.js";
import {
  callSubgraph,
  forwardedHeaders,
  outcomeLabel,
  type AnswerBudget,
  type CallAllowance,
  type CallerContext,
  type SubgraphOutcome,
} from "../upstream.js";
import { allowanceSpentError, answerTooLarge, isAllowanceError } from "../unitCallAllowance.js";
import type { Json } from "../json.js";
import type { UnitSchemas } from "./unitSchemas.js";
import type { Units } from "../unitDirectory/index.js";

export interface UnitRequest {
  unit: CountryCode;
  /** Headers of the call to the unit; change them in place. */
  headers: Record<string, string>;
  /** The gateway's fetch being routed (incoming request, context). */
  fetch: GraphQLDataSourceProcessOptions;
}

export interface UnitCallerOptions {
  /** Where each unit is (the unit directory). */
  units: Pick<Units, "urlOf">;
  deadlineMs: number;
  signer: GatewaySigner;
  dispatcher: Dispatcher;
  logger: Logger;
  willSendRequest?: ((request: UnitRequest) => void | Promise<void>) | undefined;
  /** Each unit's own schema: its calls leave out what it lacks; a unit refused is not called. Absent: every unit serves the gateway's. */
  unitSchemas?: UnitSchemas | undefined;
}

/** The router's third stage: each unit called once, in parallel, signed, within the deadline. */
export class UnitCaller {
  /** Calls in flight, by the text sent (the prepared fetch's own string: its hash is kept), then unit, operation, variables and caller. */
  private readonly inFlight = new Map<string, Map<string, Promise<SubgraphOutcome>>>();

  constructor(private readonly options: UnitCallerOptions) {}

  /**
   * Every unit's call at once; each outcome's errors carry its unit. Units in `merging` get the router's additions.
   * Each call is paid from the request's allowance (CallerContext.unitCalls) as it goes out; a call the
   * allowance no longer covers is not made, and answers its fields null with QUERY_TOO_COMPLEX.
   */
  async callAll(
    prepared: PreparedFetch,
    calls: ReadonlyMap<CountryCode, Json>,
    merging: ReadonlySet<CountryCode>,
    fetch: GraphQLDataSourceProcessOptions,
  ): Promise<Map<CountryCode, SubgraphOutcome>> {
    const allowance = (fetch.context as CallerContext | undefined)?.unitCalls;
    const callOne = async (unit: CountryCode, variables: Json): Promise<SubgraphOutcome> => {
      const schemas = this.options.unitSchemas;
      const unitQuery = schemas?.queryFor(unit, merging.has(unit) ? prepared.query : prepared.leanQuery);
      if (schemas && !unitQuery)
        return { answered: false, reason: "INCOMPATIBLE", detail: schemas.unavailable(unit) ?? "" };
      if (allowance && !allowance.take()) return refusedOutcome(allowance);
      const query = unitQuery?.query ?? (merging.has(unit) ? prepared.query : prepared.leanQuery);
      const outcome = await this.call(unit, prepared, query, variables, fetch, allowance);
      if (outcome.answered && unitQuery?.lacked.length)
        return { ...outcome, errors: [...outcome.errors, ...schemas!.lackedErrors(unit, unitQuery)] };
      if (allowance && !outcome.answered && outcome.tooLarge) {
        // Past the request's bound on answer size: dropped unread, and no further call (the answers so far are kept).
        allowance.overflow();
        return refusedOutcome(allowance);
      }
      return outcome;
    };
    return new Map(
      await Promise.all(
        [...calls].map(async ([unit, variables]) => {
          // A unit's entities in calls that fit its body limit, in parallel, each paid for; answered as one.
          const batches = entityBatches(prepared, variables);
          const outcomes = await Promise.all(batches.map((batch) => callOne(unit, batch.variables)));
          const outcome = joinBatchOutcomes(batches, outcomes);
          return [unit, allowance && allowanceRefused(outcome) ? outcome : tagWithUnit(unit, outcome)] as const;
        }),
      ),
    );
  }

  /**
   * One unit call, shared by identical queries in flight at once (same unit,
   * document, variables, caller — the caller's whole scope — and Accept-Language;
   * the call carries the first request's ID):
   * under load many callers ask the same public page, and each would otherwise cost
   * the unit a request. Mutations are never shared. Apollo Router's
   * `deduplicate_query` does the same.
   */
  private call(
    unit: CountryCode,
    prepared: PreparedFetch,
    query: string,
    variables: Json,
    fetch: GraphQLDataSourceProcessOptions,
    answerBudget: AnswerBudget | undefined,
  ): Promise<SubgraphOutcome> {
    const forwarded = forwardedHeaders(fetch);
    if (prepared.operationType === "mutation")
      return this.send(unit, prepared.operationName, query, variables, fetch, forwarded, answerBudget);
    const { [REQUEST_ID_HEADER]: _requestId, ...scope } = forwarded;
    // A shared call's answer is read (and counted) once, against the budget of the request that sent it: the others hold the same object.
    const key = JSON.stringify([unit, prepared.operationName ?? null, variables, scope]);
    let ofQuery = this.inFlight.get(query);
    if (!ofQuery) this.inFlight.set(query, (ofQuery = new Map<string, Promise<SubgraphOutcome>>()));
    let shared = ofQuery.get(key);
    if (!shared) {
      const calls = ofQuery;
      shared = this.send(unit, prepared.operationName, query, variables, fetch, forwarded, answerBudget).finally(() => {
        calls.delete(key);
        if (!calls.size && this.inFlight.get(query) === calls) this.inFlight.delete(query);
      });
      calls.set(key, shared);
    }
    return shared;
  }

  private async send(
    unit: CountryCode,
    operationName: string | undefined,
    query: string,
    variables: Json,
    fetch: GraphQLDataSourceProcessOptions,
    forwarded: Readonly<Record<string, string>>,
    answerBudget: AnswerBudget | undefined,
  ): Promise<SubgraphOutcome> {
    const headers: Record<string, string> = { ...forwarded };
    await this.options.willSendRequest?.({ unit, headers, fetch });
    const payload = { query, variables, ...(operationName ? { operationName } : {}) };
    const timer = unitFetchDuration.startTimer({ unit });
    const outcome = await callSubgraph(this.options.units.urlOf(unit), payload, {
      headers,
      deadlineMs: this.options.deadlineMs,
      dispatcher: this.options.dispatcher,
      signer: this.options.signer,
      target: unit,
      ...(answerBudget ? { answerBudget } : {}),
    });
    timer({ outcome: outcomeLabel(outcome) });
    if (!outcome.answered)
      this.options.logger.warn(
        { unit, reason: outcome.reason, detail: outcome.detail, unitErrors: outcome.subgraphErrors },
        "unit unavailable",
      );
    return outcome;
  }
}

/** The outcome of a call the request's allowance did not cover: not made (or its answer dropped), its fields null. */
function refusedOutcome(allowance: CallAllowance): SubgraphOutcome {
  const error = allowance.answerTooLarge
    ? answerTooLarge(allowance.maxAnswerBytes, allowance.limit).toJSON()
    : allowanceSpentError(allowance.limit);
  return { answered: true, data: null, errors: [error] };
}

const allowanceRefused = (outcome: SubgraphOutcome) =>
  outcome.answered && outcome.data === null && outcome.errors.some(isAllowanceError);
