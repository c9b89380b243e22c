import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import type { DocumentNode, GraphQLFormattedError } from "graphql";
import type { Dispatcher } from "undici";
import { createLogger, type CountryCode, type GatewayCursors, type GatewaySigner, type Logger } from "@smart/platform";
import type { FetchSite, PricedDataSource } from "../fetchPricing.js";
import { keepAliveAgent, type SubgraphOutcome } from "../upstream.js";
import { unitCallVariables, unitsMergingConnections } from "./callPlan.js";
import { dedupeErrors, formattedError } from "./errors.js";
import { answerField, answerFields } from "./fieldAnswer.js";
import { FanoutScope } from "./fanoutScope.js";
import { planField, type FieldPlan } from "./fieldPlan.js";
import type { PreparedFetch, PreparedField } from "./preparedFetch.js";
import { PreparedFetches } from "./preparedFetches.js";
import { PageShares } from "./pageShares.js";
import { readShardRules } from "./shardRules.js";
import { UnitCaller, type UnitRequest } from "./unitCaller.js";
import type { Json } from "../json.js";
import { UnitSchemas } from "./unitSchemas.js";
import type { Units } from "../unitDirectory/index.js";

export type { UnitRequest } from "./unitCaller.js";

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

export interface ShardRouterOptions {
  /** The supergraph (SDL or parsed): where the `@shard` rules are read. */
  supergraphSdl: string | DocumentNode;
  /** The units admitted and where each is (the unit directory): read as each fetch is planned. */
  units: Units;
  /** How long a unit may take per call before its part of the answer is given up. */
  deadlineMs: number;
  /** Signs every unit call (the gateway's private key). */
  signer: GatewaySigner;
  /** Opens the units' cursors (their keys derived from the master) and seals the Europe-wide ones. */
  cursors: GatewayCursors;
  /** Connection pool for unit calls; the router makes (and closes) its own keep-alive pool when absent. */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /**
   * Called before every unit call, once the caller's headers are set (forwardedHeaders):
   * the place to add headers (tracing); it sees the unit and the fetch. Only the
   * protocol's headers are signed.
   */
  willSendRequest?: (request: UnitRequest) => void | Promise<void>;
  /** The units' token limit (their QUERY_MAX_TOKENS): see PreparedFetches. No check when absent. */
  unitMaxTokens?: number;
  /**
   * Plan each unit's part against the schema it publishes (UnitSchemas): asked at
   * start, then every `refreshMs` (default 30 s). Off: every unit is taken to serve
   * the gateway's national schema.
   */
  unitSchemas?: { refreshMs?: number } | false;
}

/**
 * The gateway's data source for the `national` subgraph: sends each fetch to the
 * unit(s) that hold the data and merges their answers, in four stages —
 * prepare (once per fetch text), plan (from the variables), call (each unit once,
 * in parallel), answer (merge per field).
 */
export class ShardRouter implements GraphQLDataSource, PricedDataSource {
  private readonly fetches: PreparedFetches;
  private readonly scope: FanoutScope;
  private readonly caller: UnitCaller;
  private readonly pageShares = new PageShares();
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly unitSchemas: UnitSchemas | undefined;

  constructor(private readonly options: ShardRouterOptions) {
    const rules = readShardRules(options.supergraphSdl);
    this.fetches = new PreparedFetches(rules, options.unitMaxTokens);
    this.scope = new FanoutScope(options.supergraphSdl);
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? keepAliveAgent();
    const logger = options.logger ?? createLogger("shard-router");
    this.unitSchemas = options.unitSchemas
      ? new UnitSchemas({
          units: options.units,
          signer: options.signer,
          dispatcher: this.dispatcher,
          deadlineMs: options.deadlineMs,
          logger,
          ...(options.unitSchemas.refreshMs ? { refreshMs: options.unitSchemas.refreshMs } : {}),
        })
      : undefined;
    this.caller = new UnitCaller({
      units: options.units,
      deadlineMs: options.deadlineMs,
      signer: options.signer,
      dispatcher: this.dispatcher,
      logger,
      willSendRequest: options.willSendRequest,
      unitSchemas: this.unitSchemas,
    });
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    const { request } = options;
    // The units' schemas, asked once at start (each within the deadline): from then on this is an already settled promise.
    await this.unitSchemas?.ready();
    let prepared: PreparedFetch;
    try {
      prepared = this.fetches.get(
        request.query ?? "",
        "document" in options ? options.document : undefined,
        request.operationName,
      );
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
    const prepared = this.fetches.get(request.query, request.document, request.operationName);
    const variables = { ...prepared.variableDefaults, ...request.variables };
    const unitsOf = (plan: FieldPlan): readonly CountryCode[] =>
      plan.kind === "single"
        ? [plan.unit]
        : plan.kind === "fanout"
          ? plan.units
          : plan.kind === "entities"
            ? [...plan.groups.byUnit.keys()]
            : [];
    const units = this.options.units.units();
    const plans = prepared.fields.map((field) =>
      planField(prepared, field, variables, this.options.cursors, { units }),
    );
    // A mutation runs field by field; a query asks each unit once for all its fields.
    if (prepared.operationType === "mutation") return plans.reduce((sum, plan) => sum + unitsOf(plan).length, 0);
    return new Set(plans.flatMap(unitsOf)).size;
  }

  /**
   * A root fetch: the units it will call (each once per fetch; a mutation once per
   * field and unit); an entity fetch: every unit (its representations are not known
   * yet; each unit is called at most once).
   */
  unitCallsOfFetch(fetch: FetchNode, site: FetchSite): number {
    if (fetch.requires) return this.options.units.units().length;
    return this.unitCallsOf({
      query: fetch.operation,
      ...(fetch.operationDocumentNode ? { document: fetch.operationDocumentNode } : {}),
      ...(fetch.operationName ? { operationName: fetch.operationName } : {}),
      variables: site.variables,
    });
  }

  /** Asks every unit what it serves now, without waiting for the next round (tests, and after a deployment). */
  refreshUnitSchemas(): Promise<void> {
    return this.unitSchemas?.refresh() ?? Promise.resolve();
  }

  /** Stops asking the units what they serve, and closes the router's own connection pool. */
  async close(): Promise<void> {
    this.unitSchemas?.close();
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async runFields(
    prepared: PreparedFetch,
    fields: readonly PreparedField[],
    variables: Json,
    fetch: GraphQLDataSourceProcessOptions,
  ) {
    // Plan: each field to one unit, to all in scope (fan-out), or its entities by the unit of their key,
    // among the units admitted as the fetch is planned (the same for its later rounds).
    const units = this.options.units.units();
    const plan = (field: PreparedField, fullUnits?: ReadonlySet<CountryCode>) =>
      this.scope.check(
        planField(prepared, field, variables, this.options.cursors, {
          units,
          pageShares: this.pageShares,
          ...(fullUnits ? { fullUnits } : {}),
        }),
        fetch,
        prepared.operationType,
        units,
      );
    const plans = fields.map((field) => plan(field));
    const calls = unitCallVariables(prepared, plans, variables);
    // A unit asked for an argument or a value its schema does not take yet: the fetch is refused before any call.
    const refusal = this.unitSchemas?.refusal(prepared.query, calls);
    if (refusal)
      return { data: Object.fromEntries(fields.map((field) => [field.responseKey, null])), errors: [refusal] };
    // Call: every unit a plan names, once, in parallel.
    const outcomes = await this.caller.callAll(prepared, calls, unitsMergingConnections(plans), fetch);
    // Answer: each field from its units' outcomes, merged by its kind.
    const answer = answerFields(fields, plans, outcomes);
    // A Europe-wide page that a unit's share could not fill: that unit is asked again, for a full page, until the page is whole.
    // Every such page of the fetch at once: a round calls each short unit once for all its pages (30 aliased pages are
    // not 30 rounds), and a page whose short units were all asked for full pages already is as whole as it gets.
    const fullUnits = new Map<string, Set<CountryCode>>();
    const fieldOutcomes = new Map<string, Map<CountryCode, SubgraphOutcome>>();
    let short = answer.short;
    while (short.size) {
      const round: { key: string; again: Exclude<FieldPlan, { kind: "skip" }>; asked: FieldPlan }[] = [];
      for (const [key, units] of short) {
        const full = fullUnits.get(key) ?? new Set<CountryCode>();
        if (units.every((unit) => full.has(unit))) continue;
        for (const unit of units) full.add(unit);
        fullUnits.set(key, full);
        const again = plan(
          fields.find((f) => f.responseKey === key)!,
          full,
        ) as Exclude<FieldPlan, { kind: "skip" }>;
        // Only the short units are asked again; the others' answers stand.
        const asked =
          again.kind === "fanout" ? { ...again, units: again.units.filter((unit) => units.includes(unit)) } : again;
        round.push({ key, again, asked });
      }
      if (!round.length) break;
      const asked = round.map((r) => r.asked);
      const roundOutcomes = await this.caller.callAll(
        prepared,
        unitCallVariables(prepared, asked, variables),
        unitsMergingConnections(asked),
        fetch,
      );
      const next = new Map<string, CountryCode[]>();
      for (const { key, again, asked: askedPlan } of round) {
        let outcomesOfField = fieldOutcomes.get(key);
        if (!outcomesOfField) fieldOutcomes.set(key, (outcomesOfField = new Map(outcomes)));
        if (askedPlan.kind === "fanout")
          for (const unit of askedPlan.units) outcomesOfField.set(unit, roundOutcomes.get(unit)!);
        const merged = answerField(again, outcomesOfField);
        answer.data[key] = merged.value;
        answer.errors = [...answer.errors.filter((e) => e.path?.[0] !== key), ...merged.errors];
        if (merged.unitRows) answer.unitRows.set(key, merged.unitRows);
        if (merged.shortUnits?.length) next.set(key, merged.shortUnits);
      }
      short = next;
    }
    // How each page split: the next page of the same list asks each unit for as much.
    for (const planned of plans) {
      if (planned.kind !== "fanout" || planned.list === undefined) continue;
      const rows = answer.unitRows.get(planned.field.responseKey);
      if (rows) this.pageShares.record(planned.list, rows);
    }
    return answer;
  }
}
