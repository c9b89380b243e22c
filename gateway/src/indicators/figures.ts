import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  GraphQLError,
  Kind,
  print,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from "graphql";
import { ErrorCode, graphqlError, type CountryCode, type ServiceViewer } from "@smart/platform";
import {
  BudgetIndicatorsActiveInDocument,
  BudgetIndicatorsDocument,
  BudgetIndicatorsWorkspacesDocument,
  type BudgetIndicatorsQuery,
  type BudgetIndicatorsQueryVariables,
  type OpenWorkspaceOperatorsFragment,
} from "../__generated__/national-operations.js";
import { BudgetIndicatorsSipDocument, type BudgetIndicatorsSipQuery } from "../__generated__/central-operations.js";
import type { Json } from "../json.js";

/** One live figure: its value, or null with the errors that say which unit (or the central office) it lacked. */
export interface Figure {
  value: number | null;
  errors: GraphQLFormattedError[];
}

/** Every figure the budget priorities' indicators show, by indicator key. */
export type Figures = ReadonlyMap<string, Figure>;

export interface FigureSources {
  /** The shard router: national root fields, fanned out and merged. */
  national: GraphQLDataSource;
  /** The central office's subgraph: Smart In Progress. */
  central: GraphQLDataSource;
}

/**
 * Who the figures are asked as, in place of the caller: the gateway's own
 * indicators work, named only inside its signed calls. The queries are fixed
 * counts with nothing from the caller in them and answer no one's personal data;
 * the units let this viewer count members by status and nothing more, so every
 * caller sees the same public figures and no token is minted for them.
 */
export const INDICATORS_VIEWER: ServiceViewer = Object.freeze({ role: "service", work: "indicators" });

/** What a part answered: what came of its data, and the errors that say what did not. */
type Answer<T> = { data: Partial<T>; errors: readonly GraphQLFormattedError[] };

// The aliases of figures.national.graphql: in the router's namespace (ROUTER_NAMESPACE), so units trust them only in what the gateway signs.
const alias = <K extends string>(name: K): `__sr_indicator_${K}` => `__sr_indicator_${name}`;
const activeIn = (unit: CountryCode) => alias(`active_${unit}`);
const CITIES = alias("cities");
const ABROAD = alias("abroad");
const SEAT_DAYS_OFFERED = alias("seat_days_offered");
const SEAT_DAYS_BOOKED = alias("seat_days_booked");
const WORKSPACES = alias("workspaces");
const SIP = "sipParticipation";
const CURRENT_CYCLE = "currentSipCycle";
const VOTES = "assemblies";

/**
 * The figures of every indicator, computed now: the units through the shard
 * router, Smart In Progress from the central office, both at once, asked as the
 * gateway's indicators work (INDICATORS_VIEWER), in the caller's languages, with one
 * figure per unit admitted (`units`) where a figure is per unit. A figure that
 * needs a part that did not come is null, with that part's error(s); a total is
 * never made of the units that happened to answer.
 */
export async function computeFigures(
  sources: FigureSources,
  callersFetch: GraphQLDataSourceProcessOptions,
  today: string,
  units: readonly CountryCode[],
): Promise<Figures> {
  const fetch = asIndicators(callersFetch);
  // The last twelve months: a year back from today, today included.
  const lastYear = { from: addDays(today, -364), to: today };
  const [national, central] = await Promise.all([
    askNational(sources.national, fetch, lastYear, units),
    ask(sources.central, fetch, BudgetIndicatorsSipDocument, {}),
  ]);
  const figures = new Map<string, Figure>();
  const set = (key: string, value: number | null, errors: GraphQLFormattedError[]) =>
    figures.set(key, { value: errors.length ? null : value, errors: uniqueErrors(errors) });

  // Shared tools and services: active members served, per unit and in all.
  const perUnit = units.map((unit) => ({ unit, ...numberAt(national as Answer<ActiveIn>, activeIn(unit)) }));
  for (const { unit, value, errors } of perUnit) set(`members.active.${unit}`, value, errors);
  const allErrors = perUnit.flatMap((figure) => figure.errors);
  set("members.active", sum(perUnit.map((figure) => figure.value)), allErrors);

  // International development.
  set(
    "countries.active",
    perUnit.every((f) => f.value !== null) ? perUnit.filter((f) => f.value! > 0).length : null,
    allErrors,
  );
  const cities = national.data[CITIES];
  const abroad = numberAt(national, ABROAD);
  set("members.activeAbroad", abroad.value, abroad.errors);
  set(
    "cities.active",
    Array.isArray(cities) ? new Set(cities.map((city) => city.id)).size : null,
    errorsAt(national, CITIES),
  );

  // Shared workspaces.
  const operators = national.workspaces;
  const workspaceErrors = errorsAt(national, WORKSPACES);
  set("workspaces.open", operators?.length ?? null, workspaceErrors);
  set("workspaces.partner", operators?.filter((operator) => operator === "PARTNER").length ?? null, workspaceErrors);
  const offered = numberAt(national, SEAT_DAYS_OFFERED);
  const booked = numberAt(national, SEAT_DAYS_BOOKED);
  set("seatDays.offered", offered.value, offered.errors);
  set("seatDays.booked", booked.value, booked.errors);
  const occupancy =
    offered.value === null || booked.value === null
      ? null
      : offered.value > 0
        ? Math.round((1000 * booked.value) / offered.value) / 10
        : 0;
  set("workspaces.occupancy", occupancy, [...offered.errors, ...booked.errors]);

  // Cooperative and participatory life: Smart In Progress, from the central office.
  const sip = central.data[SIP];
  const sipErrors = errorsAt(central, SIP);
  const sipFigure = (name: keyof NonNullable<typeof sip>) => {
    const value = sip?.[name];
    return typeof value === "number" ? value : null;
  };
  set("sip.participants", sipFigure("participants"), sipErrors);
  set("sip.since", sipFigure("since"), sipErrors);
  set("sip.cycles", sipFigure("cycles"), sipErrors);
  set("sip.cities", sipFigure("cities"), sipErrors);
  set("sip.recommendations.done", sipFigure("recommendationsDone"), sipErrors);
  set("sip.recommendations.open", sipFigure("recommendationsOpen"), sipErrors);
  for (const [key, value] of currentCycleFigures(central.data[CURRENT_CYCLE], units))
    set(key, value, errorsAt(central, CURRENT_CYCLE));

  // The general assembly's last online vote: its voters per unit (the most ballots a unit cast on one of its resolutions).
  const voteErrors = errorsAt(central, VOTES);
  const turnout = lastVoteTurnout(central.data[VOTES]);
  for (const unit of units) set(`vote.turnout.${unit}`, turnout?.get(unit) ?? (turnout ? 0 : null), voteErrors);
  set(
    "vote.turnout",
    turnout ? [...turnout.values()].reduce((total, ballots) => total + ballots, 0) : null,
    voteErrors,
  );
  return figures;
}

/**
 * Members taking part in the current cycle (the open one, else the latest), in
 * all and per unit they belong to: 0 for a unit with none, and all 0 before any
 * cycle (an answer that did not come is null by its errors, in `computeFigures`).
 */
function currentCycleFigures(
  cycle: BudgetIndicatorsSipQuery["currentSipCycle"] | undefined,
  units: readonly CountryCode[],
): [string, number][] {
  const byUnit = new Map((cycle?.participantsByCountry ?? []).map((row) => [row.country.code, row.participants]));
  return [
    ["sip.current.participants", cycle?.participantCount ?? 0],
    ...units.map((unit): [string, number] => [`sip.current.participants.${unit}`, byUnit.get(unit) ?? 0]),
  ];
}

/** Voters per unit in the latest assembly that held an online vote (assemblies come most recent first); null before any. */
function lastVoteTurnout(
  assemblies: BudgetIndicatorsSipQuery["assemblies"] | undefined,
): Map<CountryCode, number> | null {
  if (!assemblies) return null;
  const last = assemblies.find((assembly) => assembly.voteStatus === "OPEN" || assembly.voteStatus === "CLOSED");
  if (!last) return null;
  const voters = new Map<CountryCode, number>();
  for (const resolution of last.resolutions)
    for (const { country, ballots } of resolution.turnout ?? [])
      voters.set(country.code, Math.max(voters.get(country.code) ?? 0, ballots));
  return voters;
}

/** The national answer, with every page of open workspaces' operators (one page of 100 in practice). */
async function askNational(
  router: GraphQLDataSource,
  fetch: GraphQLDataSourceProcessOptions,
  range: { from: string; to: string },
  units: readonly CountryCode[],
): Promise<Answer<BudgetIndicatorsQuery> & { workspaces: string[] | null }> {
  const first = await ask(router, fetch, budgetIndicatorsOf(units), { ...range, after: null });
  const errors = [...first.errors];
  let page: OpenWorkspaceOperatorsFragment | undefined = first.data[WORKSPACES];
  const operators: string[] = [];
  for (let pages = 0; page && pages < 100; pages++) {
    for (const edge of page.edges) operators.push(edge.node.operator);
    if (!page.pageInfo.hasNextPage) break;
    const next = await ask(router, fetch, BudgetIndicatorsWorkspacesDocument, { after: page.pageInfo.endCursor });
    errors.push(...next.errors);
    page = next.data[WORKSPACES];
  }
  return { data: first.data, errors, workspaces: page ? operators : null };
}

/** The caller's fetch (their languages, the request's ID) asked as the indicators work: the routers take the viewer from its context. */
function asIndicators(fetch: GraphQLDataSourceProcessOptions): GraphQLDataSourceProcessOptions {
  return { ...fetch, context: { ...fetch.context, viewer: INDICATORS_VIEWER } };
}

/** Each unit's active members, by alias (`__sr_indicator_active_BE`). */
type ActiveIn = Record<ReturnType<typeof activeIn>, number | null>;

let perUnitDocument:
  { units: string; document: TypedDocumentNode<BudgetIndicatorsQuery, BudgetIndicatorsQueryVariables> } | undefined;

/**
 * BudgetIndicators with one `BudgetIndicatorsActiveIn` field per unit admitted,
 * aliased by unit and its country given literally: one fetch, so each unit is
 * called once for all its figures. Made again when the units change.
 */
function budgetIndicatorsOf(
  units: readonly CountryCode[],
): TypedDocumentNode<BudgetIndicatorsQuery, BudgetIndicatorsQueryVariables> {
  const key = units.join(",");
  if (perUnitDocument?.units === key) return perUnitDocument.document;
  const template = operationOf(BudgetIndicatorsActiveInDocument).selectionSet.selections[0] as FieldNode;
  const fields = units.map((unit): FieldNode => ({
    ...template,
    alias: { kind: Kind.NAME, value: activeIn(unit) },
    // A literal as a unit a release behind (CountryCode an enum) and this one (a scalar taking BE bare) both read it.
    arguments: template.arguments?.map((argument) =>
      argument.name.value === "country" ? { ...argument, value: { kind: Kind.ENUM, value: unit } } : argument,
    ),
  }));
  const operation = operationOf(BudgetIndicatorsDocument);
  const document = {
    ...BudgetIndicatorsDocument,
    definitions: BudgetIndicatorsDocument.definitions.map((definition) =>
      definition === operation
        ? {
            ...operation,
            selectionSet: { ...operation.selectionSet, selections: [...fields, ...operation.selectionSet.selections] },
          }
        : definition,
    ),
  };
  perUnitDocument = { units: key, document };
  return document;
}

function operationOf(document: DocumentNode): OperationDefinitionNode {
  return document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
}

const texts = new WeakMap<object, { query: string; operationName: string }>();

/** A request of ours, sent as part of the caller's fetch (with its Accept-Language). */
async function ask<R, V>(
  source: GraphQLDataSource,
  fetch: GraphQLDataSourceProcessOptions,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<Answer<R>> {
  let text = texts.get(document);
  if (!text) {
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    texts.set(document, (text = { query: print(document), operationName: operation?.name?.value ?? "" }));
  }
  const request = { ...text, variables: variables as Json };
  try {
    const { document: _document, ...rest } = fetch as GraphQLDataSourceProcessOptions & { document?: unknown };
    const response = await source.process({ ...rest, request });
    return { data: (response.data ?? {}) as Partial<R>, errors: response.errors ?? [] };
  } catch (error) {
    // A data source that throws rather than answer with errors: its part is unavailable.
    const formatted =
      error instanceof GraphQLError
        ? { message: error.message, extensions: error.extensions }
        : graphqlError(ErrorCode.SHARD_UNAVAILABLE, "A subgraph the indicators need did not answer.", {
            unit: "central",
          }).toJSON();
    return { data: {}, errors: [formatted] };
  }
}

/** Errors about `key` (their path starts with it), and those about the whole request (no path). */
function errorsAt(answer: Answer<unknown>, key: string): GraphQLFormattedError[] {
  return answer.errors.filter((error) => !error.path?.length || error.path[0] === key);
}

function numberAt<R>(answer: Answer<R>, key: keyof R & string): Figure {
  const value = answer.data[key];
  return { value: typeof value === "number" ? value : null, errors: errorsAt(answer, key) };
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function sum(values: readonly (number | null)[]): number | null {
  return values.every((value) => value !== null)
    ? values.reduce<number>((total, value) => total + (value ?? 0), 0)
    : null;
}

/** One error per unit and code: a total missing BE reports BE once. */
function uniqueErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const seen = new Map<string, GraphQLFormattedError>();
  for (const { path: _path, locations: _locations, ...error } of errors) {
    const key = JSON.stringify([
      error.extensions?.code,
      error.extensions?.unit,
      error.extensions?.unit ? "" : error.message,
    ]);
    if (!seen.has(key)) seen.set(key, error);
  }
  return [...seen.values()];
}
