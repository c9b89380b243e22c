import { isIsoDate, badUserInput, type OrderName } from "@smart/platform";
import type { MemberRecord } from "../entity/index.js";
import { toConnection, type ConnectionParent } from "../pagination/connection.js";
import { checkPageSize } from "../pagination/pageSize.js";
import type { UnitData } from "../unitData.js";
import {
  checkMemberFilter,
  CURRENT_STATUSES,
  memberFilterConditions,
  type MemberFilter,
  type MemberFilterCheck,
} from "./memberFilter.js";
import { selectMemberRecords } from "./memberRecords.js";
import { checkAggregateFilter, checkOrder, disclosedCount } from "./disclosure.js";

export type MemberOrder = "NAME_ASC" | "JOINED_DESC";

/** How each MemberOrder sorts, resumes after a cursor (`$k0`, `$k1`: the cursor's key), and cuts its key (indexes in the first migration). */
const ORDERS: Record<
  MemberOrder,
  { keyOf: (m: MemberRecord) => string[]; after: (k0: string, k1: string) => string; orderBy: string }
> = {
  NAME_ASC: {
    keyOf: (m) => [m.nameKey, m.id],
    after: (k0, k1) => `(m.name_key, m.id) > (${k0}, ${k1})`,
    orderBy: "m.name_key ASC, m.id ASC",
  },
  JOINED_DESC: {
    keyOf: (m) => [m.joinedOn, m.id],
    after: (k0, k1) => `(m.joined_on, m.id) < (${k0}::date, ${k1})`,
    orderBy: "m.joined_on DESC, m.id DESC",
  },
};

export interface MemberListArgs {
  filter?: MemberFilter | null;
  orderBy?: MemberOrder | null;
  first?: number | null;
  after?: string | null;
}

/** A keyset page of the unit's members: one SQL statement, whatever the page. */
export async function listMembers(args: MemberListArgs, data: UnitData): Promise<ConnectionParent<MemberRecord>> {
  const orderBy: MemberOrder = args.orderBy ?? "NAME_ASC";
  const first = checkPageSize(args.first);
  checkOrder(orderBy, data);
  await checkMemberFilter(args.filter, data);
  const order = ORDERS[orderBy];
  const parameters: unknown[] = [];
  let where = memberFilterConditions(args.filter, parameters);
  if (args.after != null) {
    const [k0, k1] = data.cursors.decode(data.unit, args.after, orderBy satisfies OrderName).key;
    if (orderBy === "JOINED_DESC" && !isIsoDate(k0)) throw badUserInput(`"after" is not a cursor of this list.`);
    parameters.push(k0, k1);
    where += ` AND ${order.after(`$${parameters.length - 1}`, `$${parameters.length}`)}`;
  }
  parameters.push(first + 1);
  const rows = await selectMemberRecords(
    data.dataSource,
    where,
    parameters,
    `ORDER BY ${order.orderBy} LIMIT $${parameters.length}`,
  );
  return toConnection(rows, first, orderBy, order.keyOf, data);
}

/** Filters the member tally answers alone (see the MemberTally migration). */
const TALLIED = new Set(["status", "category", "cityId"]);

/**
 * How many of the unit's members match (people, never tombstones; without a status, current members): from the tally when the filter names at
 * most a status, a category and a city (a few dozen rows, whatever the unit's
 * size), else by counting the rows that match.
 */
export async function countMembers(
  filter: MemberFilter | null | undefined,
  data: MemberFilterCheck & Pick<UnitData, "dataSource">,
): Promise<number> {
  checkAggregateFilter(filter, data);
  await checkMemberFilter(filter, data, { counting: true });
  return disclosedCount(await countPeople(filter, data), data);
}

async function countPeople(
  filter: MemberFilter | null | undefined,
  data: Pick<UnitData, "dataSource">,
): Promise<number> {
  const given = Object.entries(filter ?? {}).filter(([, value]) => value != null);
  if (given.every(([name]) => TALLIED.has(name))) {
    const [row] = await data.dataSource.query<{ n: string }[]>(
      `SELECT coalesce(sum(members), 0)::bigint AS n FROM member_tally
       WHERE status = ANY($1::text[]) AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR city_id = $3)`,
      [filter?.status ? [filter.status] : CURRENT_STATUSES, filter?.category ?? null, filter?.cityId ?? null],
    );
    return Number(row!.n);
  }
  const parameters: unknown[] = [];
  const [row] = await data.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM member m WHERE ${memberFilterConditions(filter, parameters)}`,
    parameters,
  );
  return row!.n;
}
