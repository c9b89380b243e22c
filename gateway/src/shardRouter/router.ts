import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { parse, type DocumentNode, type GraphQLFormattedError } from "graphql";
import type { Dispatcher } from "undici";
import { createLogger, decodeCompositeCursor, type CompositeCursor, type CountryCode, type Logger } from "@smart/platform";
import { keepAliveAgent, postGraphql } from "../upstream.js";
import { groupRepresentations, type RepresentationGroups } from "./entities.js";
import { badUserInputAt, dedupeErrors, formattedError, shardUnavailable, type UnavailableReason } from "./errors.js";
import { mergeConnection, mergeList, mergeSum, stripRouterKeys, type MergedField, type UnitAnswer } from "./fieldMerge.js";
import { prepareFetch, type PreparedFetch, type PreparedField } from "./preparedFetch.js";
import { argumentValue, routeField } from "./routing.js";
import { conditionsPass } from "./selections.js";
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
  /** Connection pool for unit calls; the router makes (and closes) its own keep-alive pool when absent. */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /**
   * Called before every unit call, once the caller's `Authorization` header is
   * copied: the place to add or change headers (service auth, tracing).
   */
  willSendRequest?: (request: UnitRequest) => void | Promise<void>;
}

export interface UnitRequest {
  unit: CountryCode;
  /** Headers of the call to the unit; change them in place. */
  headers: Record<string, string>;
  /** The gateway's fetch being routed (incoming request, context). */
  fetch: GraphQLDataSourceProcessOptions;
}

/** How one unit call ended: an answer (its own errors included), or no answer. */
type UnitOutcome =
  | { answered: true; data: Json | null; errors: readonly GraphQLFormattedError[] }
  | { answered: false; reason: UnavailableReason };

type FieldPlan =
  | { field: PreparedField; kind: "skip" }
  | { field: PreparedField; kind: "done"; value: unknown; errors: GraphQLFormattedError[] }
  | { field: PreparedField; kind: "single"; unit: CountryCode; overrides: Json }
  | { field: PreparedField; kind: "fanout"; units: readonly CountryCode[]; overrides: (unit: CountryCode) => Json; start: CompositeCursor; first: number | null }
  | { field: PreparedField; kind: "entities"; groups: RepresentationGroups; representations: readonly unknown[] };

/** Unit errors a unit answers with a non-2xx status that are its verdict on the caller, not a failure. */
const CALLER_ERROR_CODES = new Set(["BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN"]);
const PREPARED_CACHE_SIZE = 1000;

/**
 * The gateway's data source for the `national` subgraph: sends each fetch to the
 * unit(s) that hold the data and merges their answers (DESIGN.md, "Why a shard router").
 */
export class ShardRouter implements GraphQLDataSource {
  private readonly rules: ShardRules;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly logger: Logger;
  private readonly prepared = new Map<string, PreparedFetch>();

  constructor(private readonly options: ShardRouterOptions) {
    this.rules = readShardRules(options.supergraphSdl);
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

  /** Closes the router's own connection pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private prepare(query: string, document: DocumentNode | undefined, operationName: string | undefined): PreparedFetch {
    const key = `${operationName ?? ""}\n${query}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      prepared = prepareFetch(document ?? parse(query), operationName, this.rules);
      if (this.prepared.size >= PREPARED_CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  private async runFields(prepared: PreparedFetch, fields: readonly PreparedField[], variables: Json, options: GraphQLDataSourceProcessOptions) {
    const plans = fields.map((field) => this.plan(prepared, field, variables));

    // One call per unit, carrying every field that unit answers.
    const calls = new Map<CountryCode, Json>();
    const callOf = (unit: CountryCode) => {
      let call = calls.get(unit);
      if (!call) {
        call = {};
        for (const name of prepared.forwardedVariables) if (name in variables) call[name] = variables[name];
        for (const field of prepared.fields) {
          call[field.includeVariable] = false;
          if (field.afterVariable) call[field.afterVariable] = null;
          if (field.representationsVariable) call[field.representationsVariable] = [];
        }
        calls.set(unit, call);
      }
      return call;
    };
    for (const plan of plans) {
      if (plan.kind === "single") Object.assign(callOf(plan.unit), { [plan.field.includeVariable]: true }, plan.overrides);
      if (plan.kind === "fanout") {
        for (const unit of plan.units) Object.assign(callOf(unit), { [plan.field.includeVariable]: true }, plan.overrides(unit));
      }
      if (plan.kind === "entities") {
        for (const [unit, indexes] of plan.groups.byUnit) {
          Object.assign(callOf(unit), {
            [plan.field.includeVariable]: true,
            [plan.field.representationsVariable!]: indexes.map((i) => plan.representations[i]),
          });
        }
      }
    }
    const outcomes = new Map(
      await Promise.all(
        [...calls].map(async ([unit, callVariables]) => [unit, await this.callUnit(unit, prepared, callVariables, options)] as const),
      ),
    );

    const data: Json = {};
    const errors: GraphQLFormattedError[] = [];
    const fieldKeys = new Set(fields.map((f) => f.responseKey));
    for (const [, outcome] of outcomes) {
      if (outcome.answered) errors.push(...outcome.errors.filter((e) => typeof e.path?.[0] !== "string" || !fieldKeys.has(e.path[0])));
    }
    for (const plan of plans) {
      if (plan.kind === "skip") continue;
      const result = this.assemble(plan, outcomes);
      data[plan.field.responseKey] = result.value;
      errors.push(...result.errors);
    }
    return { data, errors };
  }

  private plan(prepared: PreparedFetch, field: PreparedField, variables: Json): FieldPlan {
    if (!field.conditions.some((conditions) => conditionsPass(conditions, variables))) return { field, kind: "skip" };
    const path = [field.responseKey];
    const fail = (message: string): FieldPlan => ({ field, kind: "done", value: null, errors: [badUserInputAt(message, path)] });
    switch (field.kind) {
      case "typename":
        return { field, kind: "done", value: prepared.operationType === "mutation" ? "Mutation" : "Query", errors: [] };
      case "unroutable":
        return { field, kind: "done", value: null, errors: [formattedError(`${field.fieldName} has no @shard rule: the router cannot tell which unit answers it.`, path)] };
      case "entities": {
        const representations = argumentValue(field, ["representations"], variables);
        if (!Array.isArray(representations)) return fail("`representations` must be a list.");
        return { field, kind: "entities", groups: groupRepresentations(representations), representations };
      }
      case "sharded":
        break;
    }
    const rule = field.rule!;
    const route = routeField(field, rule, variables);
    if (route.kind === "invalid") return fail(route.message);
    const after = field.afterVariable ? argumentValue(field, ["after"], variables) : undefined;
    if (route.kind === "unit") {
      const overrides = field.afterVariable ? { [field.afterVariable]: unitAfter(after, route.unit) } : {};
      return { field, kind: "single", unit: route.unit, overrides };
    }
    let start: CompositeCursor = {};
    if (typeof after === "string") {
      try {
        start = decodeCompositeCursor(after);
      } catch (error) {
        return { field, kind: "done", value: null, errors: [formattedError(error, path)] };
      }
    }
    const first = argumentValue(field, ["first"], variables);
    return {
      field,
      kind: "fanout",
      units: route.units,
      overrides: (unit) => (field.afterVariable ? { [field.afterVariable]: start[unit] ?? null } : {}),
      start,
      first: first === undefined ? (rule.defaultFirst ?? null) : typeof first === "number" ? first : null,
    };
  }

  private assemble(plan: Exclude<FieldPlan, { kind: "skip" }>, outcomes: ReadonlyMap<CountryCode, UnitOutcome>): MergedField {
    const key = plan.field.responseKey;
    const errorsUnder = (outcome: UnitOutcome & { answered: true }) => outcome.errors.filter((e) => e.path?.[0] === key);
    switch (plan.kind) {
      case "done":
        return { value: plan.value, errors: plan.errors };
      case "single": {
        const outcome = outcomes.get(plan.unit)!;
        if (!outcome.answered) return { value: null, errors: [shardUnavailable(plan.unit, outcome.reason, [key])] };
        const value = outcome.data?.[key] ?? null;
        return { value: plan.field.connection ? stripRouterKeys(value) : value, errors: errorsUnder(outcome) };
      }
      case "fanout": {
        const answers: UnitAnswer[] = [];
        const unavailable: GraphQLFormattedError[] = [];
        for (const unit of plan.units) {
          const outcome = outcomes.get(unit)!;
          if (outcome.answered) answers.push({ unit, value: outcome.data?.[key] ?? null, errors: errorsUnder(outcome) });
          else unavailable.push(shardUnavailable(unit, outcome.reason, [key]));
        }
        const merged =
          plan.field.rule!.merge === "CONNECTION"
            ? mergeConnection([key], plan.field.connection!, answers, { start: plan.start, first: plan.first })
            : plan.field.rule!.merge === "SUM"
              ? mergeSum(answers)
              : mergeList(answers);
        return { value: merged.value, errors: [...unavailable, ...merged.errors] };
      }
      case "entities":
        return this.assembleEntities(plan, outcomes);
    }
  }

  private assembleEntities(plan: FieldPlan & { kind: "entities" }, outcomes: ReadonlyMap<CountryCode, UnitOutcome>): MergedField {
    const key = plan.field.responseKey;
    const value: unknown[] = plan.representations.map(() => null);
    const errors = plan.groups.unroutable.map((i) =>
      badUserInputAt(`Entity ${JSON.stringify(plan.representations[i])} names none of the units by its key.`, [key, i]),
    );
    for (const [unit, indexes] of plan.groups.byUnit) {
      const outcome = outcomes.get(unit)!;
      if (!outcome.answered) {
        errors.push(shardUnavailable(unit, outcome.reason, [key, indexes[0]!]));
        continue;
      }
      const entities = outcome.data?.[key];
      if (outcome.data && (!Array.isArray(entities) || entities.length !== indexes.length)) {
        errors.push(shardUnavailable(unit, "BAD_RESPONSE", [key, indexes[0]!]));
        continue;
      }
      if (Array.isArray(entities)) entities.forEach((entity, j) => (value[indexes[j]!] = entity));
      for (const error of outcome.errors) {
        if (error.path?.[0] !== key) continue;
        const j = error.path[1];
        const original = typeof j === "number" ? indexes[j] : undefined;
        errors.push(original === undefined ? error : { ...error, path: [key, original, ...error.path.slice(2)] });
      }
    }
    return { value, errors };
  }

  private async callUnit(unit: CountryCode, prepared: PreparedFetch, variables: Json, fetch: GraphQLDataSourceProcessOptions): Promise<UnitOutcome> {
    const headers: Record<string, string> = {};
    const authorization = "incomingRequestContext" in fetch ? fetch.incomingRequestContext.request.http?.headers.get("authorization") : undefined;
    if (authorization) headers.authorization = authorization;
    await this.options.willSendRequest?.({ unit, headers, fetch });
    const payload = { query: prepared.query, variables, ...(prepared.operationName ? { operationName: prepared.operationName } : {}) };
    const result = await postGraphql(this.options.unitUrls[unit], payload, { headers, deadlineMs: this.options.deadlineMs, dispatcher: this.dispatcher });
    const answer = result.ok ? result.body : callerVerdict(result.body);
    if (answer && ("data" in answer || Array.isArray(answer.errors))) {
      const data = answer.data;
      return {
        answered: true,
        data: data && typeof data === "object" && !Array.isArray(data) ? (data as Json) : null,
        errors: Array.isArray(answer.errors) ? (answer.errors as GraphQLFormattedError[]) : [],
      };
    }
    const reason = result.ok ? "BAD_RESPONSE" : result.reason;
    this.logger.warn({ unit, reason, detail: result.ok ? "no data or errors in body" : result.detail }, "unit unavailable");
    return { answered: false, reason };
  }
}

/** A non-2xx body that only rejects the caller's input or credentials (e.g. 400 for a bad variable). */
function callerVerdict(body: unknown): Json | undefined {
  if (!body || typeof body !== "object") return undefined;
  const errors = (body as Json).errors;
  if (!Array.isArray(errors) || !errors.length) return undefined;
  const callerErrors = errors.every((e) => CALLER_ERROR_CODES.has((e as GraphQLFormattedError).extensions?.code as string));
  return callerErrors ? { data: null, errors } : undefined;
}

/** The `after` a single unit gets: its own position when handed a Europe-wide cursor. */
function unitAfter(after: unknown, unit: CountryCode): unknown {
  if (typeof after !== "string") return after ?? null;
  try {
    return decodeCompositeCursor(after)[unit] ?? null;
  } catch {
    return after; // a unit cursor, or garbage the unit will reject
  }
}
