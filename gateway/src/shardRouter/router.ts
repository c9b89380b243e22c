import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { Lexer, parse, Source, TokenKind, type DocumentNode, type GraphQLFormattedError } from "graphql";
import type { Dispatcher } from "undici";
import { createLogger, ErrorCode, graphqlError, unitFetchDuration, type CountryCode, type CursorCodec, type Logger } from "@smart/platform";
import { callSubgraph, forwardedHeaders, keepAliveAgent, outcomeLabel, type SubgraphOutcome } from "../upstream.js";
import { collapseCallerErrors, dedupeErrors, formattedError, tagWithUnit } from "./errors.js";
import { answerField } from "./fieldAnswer.js";
import { FanoutScope } from "./fanoutScope.js";
import { planField, type FieldPlan } from "./fieldPlan.js";
import { prepareFetch, type PreparedFetch, type PreparedField } from "./preparedFetch.js";
import { readShardRules, type ShardRules } from "./shardRules.js";

type Json = Record<string, unknown>;
type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

export interface ShardRouterOptions {
  /** The supergraph (SDL or parsed): where the `@shard` rules are read. */
  supergraphSdl: string | DocumentNode;
  /** Each unit's GraphQL endpoint. */
  unitUrls: Readonly<Record<CountryCode, string>>;
  /** How long a unit may take per call before its part of the answer is given up. */
  deadlineMs: number;
  /** The gateway's signing secret: every unit call is signed with it. */
  signingSecret: string;
  /** Opens the units' cursors, to merge their pages (the same secrets as the units'). */
  cursors: CursorCodec;
  /** Connection pool for unit calls; the router makes (and closes) its own keep-alive pool when absent. */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /**
   * Called before every unit call, once the caller's `Authorization` header is
   * copied: the place to add or change headers (service auth, tracing).
   */
  willSendRequest?: (request: UnitRequest) => void | Promise<void>;
  /**
   * The units' token limit (their QUERY_MAX_TOKENS). What the router sends is the
   * planner's fetch plus its own additions (an `@include` variable per root field,
   * its cursors and pageInfo per connection: some 30 tokens per root field), so a
   * query within the gateway's limit can be past the units'. Such a fetch is
   * refused here with QUERY_TOO_COMPLEX, not sent to units that would all fail to
   * parse it and be reported unavailable. No check when absent.
   */
  unitMaxTokens?: number;
}

export interface UnitRequest {
  unit: CountryCode;
  /** Headers of the call to the unit; change them in place. */
  headers: Record<string, string>;
  /** The gateway's fetch being routed (incoming request, context). */
  fetch: GraphQLDataSourceProcessOptions;
}

const PREPARED_CACHE_SIZE = 1000;

/**
 * The gateway's data source for the `national` subgraph: sends each fetch to the
 * unit(s) that hold the data and merges their answers (gateway/README.md).
 */
export class ShardRouter implements GraphQLDataSource {
  private readonly rules: ShardRules;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly logger: Logger;
  private readonly prepared = new Map<string, PreparedFetch>();
  private readonly scope: FanoutScope;
  private readonly inFlight = new Map<string, Promise<SubgraphOutcome>>();

  constructor(private readonly options: ShardRouterOptions) {
    this.rules = readShardRules(options.supergraphSdl);
    this.scope = new FanoutScope(options.supergraphSdl);
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? keepAliveAgent();
    this.logger = options.logger ?? createLogger("shard-router");
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    const { request } = options;
    let prepared: PreparedFetch;
    try {
      prepared = this.prepare(request.query ?? "", "document" in options ? options.document : undefined, request.operationName);
    } catch (error) {
      return { errors: [formattedError(error)] };
    }
    const variables = { ...prepared.variableDefaults, ...request.variables };
    const data: Json = {};
    const errors: GraphQLFormattedError[] = [];
    const run = async (fields: readonly PreparedField[]) => {
      const result = await this.runFields(prepared, fields, variables, options);
      Object.assign(data, result.data);
      errors.push(...result.errors);
    };
    if (prepared.operationType === "mutation") {
      for (const field of prepared.fields) await run([field]); // in order, as GraphQL runs mutations
    } else {
      await run(prepared.fields);
    }
    return errors.length ? { data, errors: dedupeErrors(errors) } : { data };
  }

  /**
   * How many unit calls `process` would make for this fetch and these variables,
   * calling none (the gateway's unit-call budget). Throws what `process` would
   * answer as a refusal of the whole fetch (a fetch past the units' token limit).
   */
  unitCallsOf(request: { query: string; document?: DocumentNode; operationName?: string; variables: Json }): number {
    const prepared = this.prepare(request.query, request.document, request.operationName);
    const variables = { ...prepared.variableDefaults, ...request.variables };
    const unitsOf = (plan: FieldPlan): readonly CountryCode[] =>
      plan.kind === "single" ? [plan.unit] : plan.kind === "fanout" ? plan.units : plan.kind === "entities" ? [...plan.groups.byUnit.keys()] : [];
    const plans = prepared.fields.map((field) => planField(prepared, field, variables, this.options.cursors));
    // A mutation runs field by field; a query asks each unit once for all its fields.
    if (prepared.operationType === "mutation") return plans.reduce((sum, plan) => sum + unitsOf(plan).length, 0);
    return new Set(plans.flatMap(unitsOf)).size;
  }

  /** Closes the router's own connection pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private prepare(query: string, document: DocumentNode | undefined, operationName: string | undefined): PreparedFetch {
    const key = `${operationName ?? ""}\n${query}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      prepared = prepareFetch(document ?? parse(query), operationName, this.rules);
      const limit = this.options.unitMaxTokens;
      if (limit !== undefined && tokensIn(prepared.query, limit) > limit) {
        throw graphqlError(
          ErrorCode.QUERY_TOO_COMPLEX,
          `Routed to the national units, this query is more than ${limit} tokens, their limit: each root field adds some 30 tokens of routing. Ask for fewer root fields (aliases).`,
          { http: { status: 400 } },
        );
      }
      if (this.prepared.size >= PREPARED_CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  /** Plans the fields, calls each unit involved once (in parallel), and answers each field. */
  private async runFields(prepared: PreparedFetch, fields: readonly PreparedField[], variables: Json, fetch: GraphQLDataSourceProcessOptions) {
    const plans = fields.map((field) => this.scope.check(planField(prepared, field, variables, this.options.cursors), fetch, prepared.operationType));
    const calls = unitCallVariables(prepared, plans, variables);
    const outcomes = new Map(
      await Promise.all(
        [...calls].map(async ([unit, callVariables]) => [unit, tagWithUnit(unit, await this.call(unit, prepared, callVariables, fetch))] as const),
      ),
    );
    const data: Json = {};
    const errors: GraphQLFormattedError[] = [];
    // A unit's errors outside any field of this call (no path): reported once.
    const fieldKeys = new Set(fields.map((f) => f.responseKey));
    for (const outcome of outcomes.values()) {
      if (outcome.answered) errors.push(...outcome.errors.filter((e) => typeof e.path?.[0] !== "string" || !fieldKeys.has(e.path[0])));
    }
    for (const plan of plans) {
      if (plan.kind === "skip") continue;
      const answer = answerField(plan, outcomes);
      data[plan.field.responseKey] = answer.value;
      errors.push(...answer.errors);
    }
    return { data, errors: collapseCallerErrors(errors, outcomes.size) };
  }

  /**
   * One unit call, shared by identical queries in flight at once (same unit,
   * document, variables, caller's Authorization — the caller's whole scope — and
   * Accept-Language):
   * under load many callers ask the same public page, and each would otherwise cost
   * the unit a request. Mutations are never shared. Apollo Router's
   * `deduplicate_query` does the same.
   */
  private call(unit: CountryCode, prepared: PreparedFetch, variables: Json, fetch: GraphQLDataSourceProcessOptions): Promise<SubgraphOutcome> {
    const forwarded = forwardedHeaders(fetch);
    if (prepared.operationType === "mutation") return this.send(unit, prepared, variables, fetch, forwarded);
    const key = JSON.stringify([unit, prepared.operationName ?? null, prepared.query, variables, forwarded]);
    let shared = this.inFlight.get(key);
    if (!shared) {
      shared = this.send(unit, prepared, variables, fetch, forwarded).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, shared);
    }
    return shared;
  }

  private async send(
    unit: CountryCode,
    prepared: PreparedFetch,
    variables: Json,
    fetch: GraphQLDataSourceProcessOptions,
    forwarded: Readonly<Record<string, string>>,
  ): Promise<SubgraphOutcome> {
    const headers: Record<string, string> = { ...forwarded };
    await this.options.willSendRequest?.({ unit, headers, fetch });
    const payload = { query: prepared.query, variables, ...(prepared.operationName ? { operationName: prepared.operationName } : {}) };
    const timer = unitFetchDuration.startTimer({ unit });
    const outcome = await callSubgraph(this.options.unitUrls[unit], payload, {
      headers,
      deadlineMs: this.options.deadlineMs,
      dispatcher: this.dispatcher,
      signingSecret: this.options.signingSecret,
    });
    timer({ outcome: outcomeLabel(outcome) });
    if (!outcome.answered) this.logger.warn({ unit, reason: outcome.reason, detail: outcome.detail, unitErrors: outcome.subgraphErrors }, "unit unavailable");
    return outcome;
  }
}

/** Lexical tokens in `text`, as the parser's `maxTokens` counts them (counting stops past `limit`). */
function tokensIn(text: string, limit: number): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/**
 * The variables of each unit's call: the caller's (those the sent document still
 * uses), every field switched off, then switched on with its own variables for
 * the units its plan names. Units no plan names are not called.
 */
function unitCallVariables(prepared: PreparedFetch, plans: readonly FieldPlan[], variables: Json): Map<CountryCode, Json> {
  const calls = new Map<CountryCode, Json>();
  const callOf = (unit: CountryCode) => {
    let call = calls.get(unit);
    if (!call) {
      call = {};
      for (const name of prepared.forwardedVariables) if (name in variables) call[name] = variables[name];
      for (const field of prepared.fields) {
        call[field.includeVariable] = false;
        if (field.afterVariable) call[field.afterVariable] = null;
        // Non-null in the sent document: every call must give it, if only empty.
        if (field.representationsVariable) call[field.representationsVariable] = [];
      }
      calls.set(unit, call);
    }
    return call;
  };
  for (const plan of plans) {
    const on = { [plan.field.includeVariable]: true };
    if (plan.kind === "single") Object.assign(callOf(plan.unit), on, plan.variables);
    if (plan.kind === "fanout") for (const unit of plan.units) Object.assign(callOf(unit), on, plan.variables(unit));
    if (plan.kind === "entities") {
      for (const [unit, indexes] of plan.groups.byUnit) {
        Object.assign(callOf(unit), on, { [plan.field.representationsVariable!]: indexes.map((i) => plan.representations[i]) });
      }
    }
  }
  return calls;
}
