import DataLoader from "dataloader";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { parse, type DocumentNode, type GraphQLFormattedError } from "graphql";
import { isRouterName, routerNames } from "@smart/platform";

export interface MemberBookingsKey {
  memberId: string;
  from: string | null;
  to: string | null;
}

/** One member's bookings across the units, by date: null when no unit gave a list. */
export interface MemberBookings {
  ids: string[] | null;
  /** Errors about this member's list, their paths relative to the list (`[]`: the list itself). */
  errors: GraphQLFormattedError[];
}

export type MemberBookingsLoader = DataLoader<MemberBookingsKey, MemberBookings, string>;

/**
 * Lists (a member and a date range) per call to the units. Each is one aliased
 * root field of the same request, with its own variables, so a unit is called
 * once per batch whatever its size or its mix of ranges; the bound keeps the text
 * well inside a unit's token limit (QUERY_MAX_TOKENS, 2,000 by default).
 */
export const MEMBERS_PER_CALL = 20;

const OPERATION_NAME = "MemberBookings";
// The router's namespace: a signed request's aliases there are not the caller's.
const aliasOf = routerNames.memberBookings;

/**
 * The Booking IDs of each member asked for in one fetch, from the root
 * `bookings(member:, from:, to:)` fanned out by the shard router to every unit:
 * all the members of a fetch in one request per unit (per MEMBERS_PER_CALL), with
 * the caller (the router names them in its signed call, from `fetch`'s context), in parallel,
 * within the router's deadline. A unit that fails leaves its bookings out, with
 * the router's SHARD_UNAVAILABLE error naming it.
 */
export function createMemberBookingsLoader(
  router: GraphQLDataSource,
  fetch: GraphQLDataSourceProcessOptions,
): MemberBookingsLoader {
  return new DataLoader<MemberBookingsKey, MemberBookings, string>(
    async (keys) => {
      const answers: MemberBookings[] = [];
      await Promise.all(
        batchesOf(keys).map(async (indexes) => {
          const variables: Record<string, unknown> = {};
          indexes.forEach((key, i) => {
            const { memberId, from, to } = keys[key]!;
            Object.assign(variables, { [`m${i}`]: memberId, [`f${i}`]: from, [`t${i}`]: to });
          });
          const { query, document } = memberBookingsRequest(indexes.length);
          const request = { query, variables, operationName: OPERATION_NAME };
          // The caller's fetch, with our request: the router names the caller from its context.
          const response = await router.process(
            "incomingRequestContext" in fetch ? { ...fetch, request, document } : { ...fetch, request },
          );
          indexes.forEach((key, i) => (answers[key] = answerOf(response, i)));
        }),
      );
      return answers;
    },
    { cacheKeyFn: ({ memberId, from, to }) => JSON.stringify([memberId, from, to]) },
  );
}

/** Indexes of the keys, cut to MEMBERS_PER_CALL. */
function batchesOf(keys: readonly MemberBookingsKey[]): number[][] {
  const batches: number[][] = [];
  for (let start = 0; start < keys.length; start += MEMBERS_PER_CALL)
    batches.push(keys.slice(start, start + MEMBERS_PER_CALL).map((_, i) => start + i));
  return batches;
}

const requests = new Map<number, { query: string; document: DocumentNode }>();

/** The request for `count` members; the same text for every batch of that size, so the router prepares it once. */
function memberBookingsRequest(count: number): { query: string; document: DocumentNode } {
  let request = requests.get(count);
  if (!request) {
    const indexes = Array.from({ length: count }, (_, i) => i);
    const query = [
      `query ${OPERATION_NAME}(${indexes.map((i) => `$m${i}: ID!, $f${i}: Date, $t${i}: Date`).join(", ")}) {`,
      ...indexes.map((i) => `  ${aliasOf(i)}: bookings(member: $m${i}, from: $f${i}, to: $t${i}) { id date }`),
      "}",
    ].join("\n");
    request = { query, document: parse(query) };
    requests.set(count, request);
  }
  return request;
}

/**
 * Each unit lists by date; the router concatenates them in country order. A
 * member's list reads by date across Europe (ties keep country order: the sort is stable).
 */
function byDate(list: readonly unknown[]): { id: string; date: string }[] {
  const bookings = list.filter(
    (b): b is { id: string; date: string } => typeof (b as { id?: unknown } | null)?.id === "string",
  );
  return bookings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

type RouterResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** The `index`th member's part of a batch's answer. */
function answerOf(response: RouterResponse, index: number): MemberBookings {
  const alias = aliasOf(index);
  const list: unknown = response.data?.[alias];
  const ids = Array.isArray(list) ? byDate(list).map((booking) => booking.id) : null;
  const errors: GraphQLFormattedError[] = [];
  for (const error of response.errors ?? []) {
    const [head, ...rest] = error.path ?? [];
    if (head === alias) errors.push({ ...error, path: rest });
    // An error about the whole request (no path, or none of ours) concerns every member of the batch.
    else if (typeof head !== "string" || !isRouterName(head)) errors.push({ ...error, path: [] });
  }
  return { ids, errors };
}
