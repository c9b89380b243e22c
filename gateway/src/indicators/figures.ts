import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { COUNTRY_CODES, ErrorCode, graphqlError, ROUTER_NAMESPACE, type CountryCode, type ServiceViewer } from "@smart/platform";

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

type Json = Record<string, unknown>;
type Answer = { data: Json; errors: readonly GraphQLFormattedError[] };

// In the router's namespace: a caller cannot use these names, so units trust them only in what the gateway signs.
const alias = (name: string) => `${ROUTER_NAMESPACE}indicator_${name}`;
const activeIn = (unit: CountryCode) => alias(`active_${unit}`);
const CITIES = alias("cities");
const ABROAD = alias("abroad");
const SEAT_DAYS_OFFERED = alias("seat_days_offered");
const SEAT_DAYS_BOOKED = alias("seat_days_booked");
const WORKSPACES = alias("workspaces");
const SIP = "sipParticipation";
const VOTES = "assemblies";

/**
 * One request through the router: each `memberCount(country:)` goes to its unit
 * alone, `cities` and `workspaces` fan out to all nine, and each unit is called
 * once for the lot. Counts only: no member's data is asked for.
 */
const NATIONAL_QUERY = `query BudgetIndicators($after: String, $from: Date!, $to: Date!) {
${COUNTRY_CODES.map((unit) => `  ${activeIn(unit)}: memberCount(country: ${unit}, filter: { status: ACTIVE })`).join("\n")}
  ${ABROAD}: memberCount(filter: { status: ACTIVE, activeAbroad: true })
  ${CITIES}: cities { id }
  ${WORKSPACES}: workspaces(filter: { status: OPEN }, first: 100, after: $after) { edges { node { operator } } pageInfo { hasNextPage endCursor } }
  ${SEAT_DAYS_OFFERED}: seatDaysOffered(from: $from, to: $to)
  ${SEAT_DAYS_BOOKED}: seatDaysBooked(from: $from, to: $to)
}`;

const MORE_WORKSPACES_QUERY = `query BudgetIndicatorsWorkspaces($after: String) {
  ${WORKSPACES}: workspaces(filter: { status: OPEN }, first: 100, after: $after) { edges { node { operator } } pageInfo { hasNextPage endCursor } }
}`;

const CENTRAL_QUERY = `query BudgetIndicatorsSip {
  ${SIP} { since cycles participants cities recommendationsDone recommendationsOpen }
  ${VOTES} { voteStatus resolutions { turnout { country { code } ballots } } }
}`;

/**
 * The figures of every indicator, computed now: the units through the shard
 * router, Smart In Progress from the central office, both at once, asked as the
 * gateway's indicators work (INDICATORS_VIEWER), in the caller's languages. A figure that
 * needs a part that did not come is null, with that part's error(s); a total is
 * never made of the units that happened to answer.
 */
export async function computeFigures(sources: FigureSources, callersFetch: GraphQLDataSourceProcessOptions, today: string): Promise<Figures> {
  const fetch = asIndicators(callersFetch);
  // The last twelve months: a year back from today, today included.
  const lastYear = { from: addDays(today, -364), to: today };
  const [national, central] = await Promise.all([
    askNational(sources.national, fetch, lastYear),
    ask(sources.central, fetch, CENTRAL_QUERY, "BudgetIndicatorsSip"),
  ]);
  const figures = new Map<string, Figure>();
  const set = (key: string, value: number | null, errors: GraphQLFormattedError[]) =>
    figures.set(key, { value: errors.length ? null : value, errors: uniqueErrors(errors) });

  // Shared tools and services: active members served, per unit and in all.
  const perUnit = COUNTRY_CODES.map((unit) => ({ unit, ...numberAt(national, activeIn(unit)) }));
  for (const { unit, value, errors } of perUnit) set(`members.active.${unit}`, value, errors);
  const allErrors = perUnit.flatMap((figure) => figure.errors);
  set("members.active", sum(perUnit.map((figure) => figure.value)), allErrors);

  // International development.
  set("countries.active", perUnit.every((f) => f.value !== null) ? perUnit.filter((f) => f.value! > 0).length : null, allErrors);
  const cities = national.data[CITIES];
  const abroad = numberAt(national, ABROAD);
  set("members.activeAbroad", abroad.value, abroad.errors);
  set("cities.active", Array.isArray(cities) ? new Set(cities.map((city) => (city as Json | null)?.id)).size : null, errorsAt(national, CITIES));

  // Shared workspaces.
  const operators = national.workspaces;
  const workspaceErrors = errorsAt(national, WORKSPACES);
  set("workspaces.open", operators?.length ?? null, workspaceErrors);
  set("workspaces.partner", operators?.filter((operator) => operator === "PARTNER").length ?? null, workspaceErrors);
  const offered = numberAt(national, SEAT_DAYS_OFFERED);
  const booked = numberAt(national, SEAT_DAYS_BOOKED);
  set("seatDays.offered", offered.value, offered.errors);
  set("seatDays.booked", booked.value, booked.errors);
  const occupancy = offered.value === null || booked.value === null ? null : offered.value > 0 ? Math.round((1000 * booked.value) / offered.value) / 10 : 0;
  set("workspaces.occupancy", occupancy, [...offered.errors, ...booked.errors]);

  // Cooperative and participatory life: Smart In Progress, from the central office.
  const sip = central.data[SIP] as Json | null | undefined;
  const sipErrors = errorsAt(central, SIP);
  const sipFigure = (name: string) => {
    const value = sip?.[name];
    return typeof value === "number" ? value : null;
  };
  set("sip.participants", sipFigure("participants"), sipErrors);
  set("sip.since", sipFigure("since"), sipErrors);
  set("sip.cycles", sipFigure("cycles"), sipErrors);
  set("sip.cities", sipFigure("cities"), sipErrors);
  set("sip.recommendations.done", sipFigure("recommendationsDone"), sipErrors);
  set("sip.recommendations.open", sipFigure("recommendationsOpen"), sipErrors);

  // The general assembly's last online vote: its voters per unit (the most ballots a unit cast on one of its resolutions).
  const voteErrors = errorsAt(central, VOTES);
  const turnout = lastVoteTurnout(central.data[VOTES]);
  for (const unit of COUNTRY_CODES) set(`vote.turnout.${unit}`, turnout?.get(unit) ?? (turnout ? 0 : null), voteErrors);
  set("vote.turnout", turnout ? [...turnout.values()].reduce((total, ballots) => total + ballots, 0) : null, voteErrors);
  return figures;
}

/** Voters per unit in the latest assembly that held an online vote (assemblies come most recent first); null before any. */
function lastVoteTurnout(assemblies: unknown): Map<CountryCode, number> | null {
  if (!Array.isArray(assemblies)) return null;
  const last = (assemblies as Json[]).find((assembly) => assembly?.voteStatus === "OPEN" || assembly?.voteStatus === "CLOSED");
  if (!last) return null;
  const voters = new Map<CountryCode, number>();
  for (const resolution of (last.resolutions as Json[] | undefined) ?? [])
    for (const { country, ballots } of (resolution.turnout as { country: { code: CountryCode }; ballots: number }[] | undefined) ?? [])
      voters.set(country.code, Math.max(voters.get(country.code) ?? 0, ballots));
  return voters;
}

/** The national answer, with every page of open workspaces' operators (one page of 100 in practice). */
async function askNational(
  router: GraphQLDataSource,
  fetch: GraphQLDataSourceProcessOptions,
  range: { from: string; to: string },
): Promise<Answer & { workspaces: string[] | null }> {
  const first = await ask(router, fetch, NATIONAL_QUERY, "BudgetIndicators", range);
  const errors = [...first.errors];
  let page = first.data[WORKSPACES] as Json | null | undefined;
  const operators: string[] = [];
  for (let pages = 0; page && pages < 100; pages++) {
    for (const edge of (page.edges as Json[] | undefined) ?? []) operators.push(String((edge.node as Json | undefined)?.operator));
    const pageInfo = page.pageInfo as Json | undefined;
    if (!pageInfo?.hasNextPage) break;
    const next = await ask(router, fetch, MORE_WORKSPACES_QUERY, "BudgetIndicatorsWorkspaces", { after: pageInfo.endCursor });
    errors.push(...next.errors);
    page = next.data[WORKSPACES] as Json | null | undefined;
  }
  return { data: first.data, errors, workspaces: page ? operators : null };
}

/** The caller's fetch (their languages, the request's ID) asked as the indicators work: the routers take the viewer from its context. */
function asIndicators(fetch: GraphQLDataSourceProcessOptions): GraphQLDataSourceProcessOptions {
  return { ...fetch, context: { ...fetch.context, viewer: INDICATORS_VIEWER } };
}

/** A request of ours, sent as part of the caller's fetch (with its Accept-Language). */
async function ask(
  source: GraphQLDataSource,
  fetch: GraphQLDataSourceProcessOptions,
  query: string,
  operationName: string,
  variables: Json = {},
): Promise<Answer> {
  const request = { query, variables, operationName };
  try {
    const { document: _document, ...rest } = fetch as GraphQLDataSourceProcessOptions & { document?: unknown };
    const response = await source.process({ ...rest, request });
    return { data: (response.data ?? {}) as Json, errors: response.errors ?? [] };
  } catch (error) {
    // A data source that throws rather than answer with errors: its part is unavailable.
    const formatted =
      error instanceof GraphQLError
        ? { message: error.message, extensions: error.extensions }
        : graphqlError(ErrorCode.SHARD_UNAVAILABLE, "A subgraph the indicators need did not answer.", { unit: "central" }).toJSON();
    return { data: {}, errors: [formatted] };
  }
}

/** Errors about `key` (their path starts with it), and those about the whole request (no path). */
function errorsAt(answer: Answer, key: string): GraphQLFormattedError[] {
  return answer.errors.filter((error) => !error.path?.length || error.path[0] === key);
}

function numberAt(answer: Answer, key: string): Figure {
  const value = answer.data[key];
  return { value: typeof value === "number" ? value : null, errors: errorsAt(answer, key) };
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function sum(values: readonly (number | null)[]): number | null {
  return values.every((value) => value !== null) ? values.reduce<number>((total, value) => total + (value ?? 0), 0) : null;
}

/** One error per unit and code: a total missing BE reports BE once. */
function uniqueErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const seen = new Map<string, GraphQLFormattedError>();
  for (const { path: _path, locations: _locations, ...error } of errors) {
    const key = JSON.stringify([error.extensions?.code, error.extensions?.unit, error.extensions?.unit ? "" : error.message]);
    if (!seen.has(key)) seen.set(key, error);
  }
  return [...seen.values()];
}
