import { randomUUID } from "node:crypto";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { executeSync, parse, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { Dispatcher } from "undici";
import { LRUCache } from "lru-cache";
import {
  GATEWAY_ROUTER_PROTOCOLS,
  REQUEST_ID_HEADER,
  routerProtocolOf,
  type CountryCode,
  type GatewaySigner,
  type Logger,
} from "@smart/platform";
import { nationalSdl, releasedNationalSdl } from "@smart/schema";
import { callSubgraph } from "../upstream.js";
import { checkUnitSchema, type UnitSchemaVerdict } from "./unitSchemaCheck.js";
import { adaptQuery, lackedFieldErrors, refusalOf, type UnitQuery } from "./unitQuery.js";
import type { Units } from "../unitDirectory/index.js";

type Json = Record<string, unknown>;

/** How often each unit is asked what it serves: a unit upgraded or admitted is planned for within this. */
export const UNIT_SCHEMA_REFRESH_MS = 30_000;
/** How the gateway asks a unit what it serves (Federation's own field). */
export const UNIT_SCHEMA_QUERY = "{ _service { sdl } }";
/**
 * How long a unit may take to say what it serves: longer than a request's deadline,
 * since the first round runs while the gateway itself starts (and is busy building
 * its schemas), and no caller waits on a later one.
 */
const QUESTION_DEADLINE_MS = 5_000;
/** Verdicts on published schemas kept (a few releases' worth). */
const KEPT_VERDICTS = 20;
/** Adapted fetches kept per unit whose schema differs (a query's plan has the same fetches every time it runs). */
const ADAPTED_PER_UNIT = 500;

/** What the gateway knows of a unit: it serves the gateway's schema, another it can plan around, or one it cannot use. */
export type UnitStanding =
  | { kind: "current"; protocol: number | undefined; sdl?: string }
  | {
      kind: "differs";
      protocol: number;
      sdl: string;
      schema: GraphQLSchema;
      lacks: readonly string[];
      queries: LRUCache<string, UnitQuery>;
    }
  | { kind: "refused"; protocol: number | undefined; sdl?: string; reasons: readonly string[] };

export interface UnitSchemasOptions {
  /** The units admitted and where each is (the unit directory). */
  units: Units;
  signer: GatewaySigner;
  dispatcher: Dispatcher;
  deadlineMs: number;
  logger: Logger;
  refreshMs?: number;
}

/**
 * Each unit's own schema, as it publishes it (`_service { sdl }`), and the router
 * protocol it speaks (GET /health): asked at start and every 30 s, and a unit the
 * directory admits at once (a unit it retires is forgotten). A unit until it
 * has answered is taken to serve the gateway's schema. A unit whose schema differs
 * is sent each fetch without what it lacks (unitQuery.ts); a unit whose protocol
 * this gateway does not speak, or whose schema removes or changes what the graph
 * relies on (unitSchemaCheck.ts), is not called: it is unavailable, saying why.
 */
export class UnitSchemas {
  private readonly gatewaySchema = buildSubgraphSchema({ typeDefs: parse(nationalSdl()) });
  /** What a unit of this release answers to `_service { sdl }`: a unit answering it is checked no further. */
  private readonly gatewaySdl = publishedSdl(this.gatewaySchema);
  private reliedSchema: GraphQLSchema | undefined;
  /** Verdicts by published SDL: units of one release publish the same text, checked once. */
  private readonly verdicts = new Map<string, Promise<UnitSchemaVerdict>>();
  private readonly standings = new Map<CountryCode, UnitStanding>();
  private readonly timer: NodeJS.Timeout;
  private readonly first: Promise<void>;
  private readonly questionDeadlineMs: number;
  private readonly stopListening: () => void;

  constructor(private readonly options: UnitSchemasOptions) {
    this.questionDeadlineMs = Math.max(options.deadlineMs, QUESTION_DEADLINE_MS);
    this.stopListening = options.units.onChange(({ admitted, retired }) => {
      for (const unit of retired) this.standings.delete(unit);
      for (const unit of admitted) void this.refreshUnit(unit);
    });
    this.first = this.refresh();
    this.timer = setInterval(() => void this.refresh(), options.refreshMs ?? UNIT_SCHEMA_REFRESH_MS);
    this.timer.unref();
  }

  /** Resolves once every unit has been asked once (within 5 s, or the request deadline when longer). */
  ready(): Promise<void> {
    return this.first;
  }

  standingOf(unit: CountryCode): UnitStanding {
    return this.standings.get(unit) ?? { kind: "current", protocol: undefined };
  }

  /** Asks every unit admitted what it serves, in parallel; a unit that does not answer keeps what was known of it. */
  async refresh(): Promise<void> {
    await Promise.all(this.options.units.units().map((unit) => this.refreshUnit(unit)));
  }

  /**
   * The text `unit` is sent for `query`: the same, or without what it lacks, or
   * undefined when the unit is not to be called (refused: see unavailable()).
   */
  queryFor(unit: CountryCode, query: string): UnitQuery | undefined {
    const standing = this.standingOf(unit);
    if (standing.kind !== "differs")
      return standing.kind === "current"
        ? { query, lacked: [], dropped: [], invalid: [], operation: undefined }
        : undefined;
    let adapted = standing.queries.get(query);
    if (!adapted) standing.queries.set(query, (adapted = adaptQuery(this.gatewaySchema, standing.schema, query)));
    return adapted;
  }

  /** Why `unit` is not called, or undefined. */
  unavailable(unit: CountryCode): string | undefined {
    const standing = this.standingOf(unit);
    return standing.kind === "refused" ? standing.reasons.join("; ") : undefined;
  }

  /** The one refusal of a fetch, before any call: the first unit asked what its schema does not take. */
  refusal(query: string, calls: ReadonlyMap<CountryCode, Json>): GraphQLFormattedError | undefined {
    for (const [unit, variables] of calls) {
      const standing = this.standingOf(unit);
      if (standing.kind !== "differs") continue;
      const refused = refusalOf(unit, standing.schema, this.queryFor(unit, query)!, variables);
      if (refused) return refused;
    }
    return undefined;
  }

  /** The errors a unit's answer to `query` gains: one per field it lacks. */
  lackedErrors(unit: CountryCode, query: UnitQuery): GraphQLFormattedError[] {
    return query.lacked.length ? lackedFieldErrors(unit, query) : [];
  }

  close(): void {
    clearInterval(this.timer);
    this.stopListening();
  }

  private async refreshUnit(unit: CountryCode): Promise<void> {
    const url = this.options.units.urlOf(unit);
    // Both questions at once: a unit that hangs holds the first round for one question deadline, not two.
    const [protocol, outcome] = await Promise.all([
      this.protocolOf(url),
      callSubgraph(
        url,
        { query: UNIT_SCHEMA_QUERY, variables: {} },
        // Anonymous (what a unit serves is public), under the gateway's own request ID.
        {
          headers: { [REQUEST_ID_HEADER]: `unit-schema-${randomUUID()}` },
          deadlineMs: this.questionDeadlineMs,
          dispatcher: this.options.dispatcher,
          signer: this.options.signer,
          target: unit,
        },
      ),
    ]);
    if (protocol === "unanswered") return;
    if (protocol === undefined || !GATEWAY_ROUTER_PROTOCOLS.includes(protocol)) {
      this.settle(unit, {
        kind: "refused",
        protocol,
        reasons: [
          `it speaks router protocol ${protocol ?? "(unreadable)"}; this gateway speaks ${GATEWAY_ROUTER_PROTOCOLS.join(" and ")}`,
        ],
      });
      return;
    }
    const sdl = outcome.answered
      ? ((outcome.data?._service as { sdl?: unknown } | undefined)?.sdl ?? undefined)
      : undefined;
    if (typeof sdl !== "string") return; // no answer: what was known stands (a unit down is unavailable at its calls anyway)
    const known = this.standings.get(unit);
    if (known && known.sdl === sdl && known.protocol === protocol) return;
    if (sdl === this.gatewaySdl) return this.settle(unit, { kind: "current", protocol, sdl });
    let schema: GraphQLSchema;
    try {
      schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
    } catch (error) {
      return this.settle(unit, {
        kind: "refused",
        protocol,
        sdl,
        reasons: [`its schema does not build: ${error instanceof Error ? error.message : String(error)}`],
      });
    }
    let checked = this.verdicts.get(sdl);
    if (!checked) {
      this.reliedSchema ??= buildSubgraphSchema({ typeDefs: parse(releasedNationalSdl()) });
      this.verdicts.set(sdl, (checked = checkUnitSchema(this.reliedSchema, this.gatewaySchema, schema)));
      if (this.verdicts.size > KEPT_VERDICTS) this.verdicts.delete(this.verdicts.keys().next().value!);
    }
    const verdict = await checked;
    if (!verdict.usable) return this.settle(unit, { kind: "refused", protocol, sdl, reasons: verdict.reasons });
    if (!verdict.lacks.length) return this.settle(unit, { kind: "current", protocol, sdl });
    this.settle(unit, {
      kind: "differs",
      protocol,
      sdl,
      schema,
      lacks: verdict.lacks,
      queries: new LRUCache({ max: ADAPTED_PER_UNIT }),
    });
  }

  private settle(unit: CountryCode, standing: UnitStanding): void {
    // Retired while it was being asked: nothing is kept of it.
    if (!this.options.units.has(unit)) return;
    const known = this.standings.get(unit);
    this.standings.set(unit, standing);
    if (known?.kind === standing.kind && standing.kind === "current") return;
    const { logger } = this.options;
    if (standing.kind === "refused")
      logger.error(
        { unit, protocol: standing.protocol, reasons: standing.reasons },
        "unit schema refused: the unit is not called",
      );
    else if (standing.kind === "differs")
      logger.warn(
        { unit, protocol: standing.protocol, lacks: standing.lacks },
        "unit serves an older schema: planned without what it lacks",
      );
    else if (known) logger.info({ unit, protocol: standing.protocol }, "unit serves this gateway's schema");
  }

  /** The protocol the unit's GET /health declares (none: version 1); "unanswered" when it does not answer. */
  private async protocolOf(url: string): Promise<number | undefined | "unanswered"> {
    const health = new URL("/health", url);
    try {
      const response = await this.options.dispatcher.request({
        origin: health.origin,
        path: health.pathname,
        method: "GET",
        signal: AbortSignal.timeout(this.questionDeadlineMs),
      });
      const body: unknown = await response.body.json().catch(() => undefined);
      if (response.statusCode !== 200) return "unanswered";
      return routerProtocolOf(body && typeof body === "object" ? (body as Json).protocol : undefined);
    } catch {
      return "unanswered";
    }
  }
}

/** What a subgraph built from `schema` answers to `_service { sdl }`. */
function publishedSdl(schema: GraphQLSchema): string {
  const result = executeSync({ schema, document: parse(UNIT_SCHEMA_QUERY) });
  return (result.data?._service as { sdl: string }).sdl;
}
