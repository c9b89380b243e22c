import { ExportFailed, type GatewayClient } from "./gatewayClient.js";
import type { ExportQuery } from "./options.js";

export type Row = Record<string, string | number | boolean | null | string[]>;

export interface ExportPage {
  rows: Row[];
  /** Where the next page starts; null after the last. */
  next: string | null;
  /** Progress units done by the end of this page (rows, or days for bookings). */
  done: number;
}

/** One kind of export: its columns, its size, and its pages, each from a cursor (null: the first). */
export interface ExportSource {
  columns: readonly string[];
  /** Progress units in all; what `done` counts towards. */
  total(): Promise<number>;
  page(cursor: string | null, doneBefore: number): Promise<ExportPage>;
}

const MEMBERS = `query ExportMembers($country: CountryCode, $first: Int!, $after: String) {
  members(country: $country, first: $first, after: $after, orderBy: NAME_ASC) {
    edges { node { id country { code } displayName firstName lastName email phone category status shares joinedOn city { id name } activeIn { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface MemberNode {
  id: string;
  country: { code: string };
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  category: string | null;
  status: string | null;
  shares: number | null;
  joinedOn: string | null;
  city: { id: string; name: string };
  activeIn: { code: string }[];
}

/** Members by name, through keyset cursors: the gateway's Europe-wide cursor carries every unit's position. */
function membersSource(client: GatewayClient, query: ExportQuery): ExportSource {
  return {
    columns: [
      "id",
      "country",
      "displayName",
      "firstName",
      "lastName",
      "email",
      "phone",
      "category",
      "status",
      "shares",
      "joinedOn",
      "cityId",
      "city",
      "activeIn",
    ],
    async total() {
      const data = await client.query<{ memberCount: number }>(
        `query($country: CountryCode) { memberCount(country: $country) }`,
        { country: query.country },
      );
      return data.memberCount;
    },
    async page(cursor, doneBefore) {
      const data = await client.query<{
        members: { edges: { node: MemberNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      }>(MEMBERS, {
        country: query.country,
        first: query.pageSize,
        after: cursor,
      });
      const rows = data.members.edges.map(({ node: m }): Row => ({
        id: m.id,
        country: m.country.code,
        displayName: m.displayName,
        firstName: m.firstName,
        lastName: m.lastName,
        email: m.email,
        phone: m.phone,
        category: m.category,
        status: m.status,
        shares: m.shares,
        joinedOn: m.joinedOn,
        cityId: m.city.id,
        city: m.city.name,
        activeIn: m.activeIn.map((c) => c.code),
      }));
      const { hasNextPage, endCursor } = data.members.pageInfo;
      return { rows, next: hasNextPage && endCursor ? endCursor : null, done: doneBefore + rows.length };
    },
  };
}

const BOOKINGS = `query ExportBookings($from: Date!, $to: Date!) {
  bookings(from: $from, to: $to) { id date status memberId createdAt cancelledAt workspace { id name city { name } } }
}`;

/** The longest range the gateway's `bookings` answers at once. */
const BOOKING_WINDOW_DAYS = 62;
const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

interface BookingNode {
  id: string;
  date: string;
  status: string;
  memberId: string;
  createdAt: string;
  cancelledAt: string | null;
  workspace: { id: string; name: string; city: { name: string } };
}

/**
 * Bookings by date, in windows of 62 days (the cursor is the next window's first
 * day: a keyset on the date). With --country, the bookings of that unit's workspaces.
 */
function bookingsSource(client: GatewayClient, query: ExportQuery): ExportSource {
  const first = dayNumber(query.from);
  const last = dayNumber(query.to);
  // Days per request: 62 at most, fewer once a unit said a window held more bookings than it gives at once.
  let windowDays = BOOKING_WINDOW_DAYS;
  return {
    columns: ["id", "date", "status", "workspaceId", "workspace", "city", "memberId", "createdAt", "cancelledAt"],
    total: async () => last - first + 1,
    async page(cursor) {
      const start = cursor === null ? first : dayNumber(cursor);
      let end: number;
      let data: { bookings: BookingNode[] };
      for (;;) {
        end = Math.min(last, start + windowDays - 1);
        try {
          data = await client.query<{ bookings: BookingNode[] }>(BOOKINGS, { from: isoOf(start), to: isoOf(end) });
          break;
        } catch (error) {
          // A unit gives at most MAX_UNPAGED_ROWS bookings at once (`maxRows`): the window narrows until each fits.
          const tooMany =
            error instanceof ExportFailed && error.errors.some((e) => typeof e.extensions?.maxRows === "number");
          if (!tooMany || windowDays === 1) throw error;
          windowDays = Math.max(1, Math.floor(windowDays / 2));
        }
      }
      const rows = data.bookings
        .filter((b) => query.country === null || b.id.startsWith(`${query.country}:`))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((b): Row => ({
          id: b.id,
          date: b.date,
          status: b.status,
          workspaceId: b.workspace.id,
          workspace: b.workspace.name,
          city: b.workspace.city.name,
          memberId: b.memberId,
          createdAt: b.createdAt,
          cancelledAt: b.cancelledAt,
        }));
      return { rows, next: end < last ? isoOf(end + 1) : null, done: end - first + 1 };
    },
  };
}

const COLUMN_OF_DIMENSION = {
  COUNTRY: "country",
  CITY: "city",
  CATEGORY: "category",
  STATUS: "status",
  JOINED_YEAR: "joinedYear",
  JOINED_MONTH: "joinedMonth",
  ACTIVE_IN_COUNTRY: "activeInCountry",
} as const;

/** memberStats: one request, its groups as rows (the dimensions asked for, then the count). */
function memberStatsSource(client: GatewayClient, query: ExportQuery): ExportSource {
  const dimensions = query.groupBy.map((d) => COLUMN_OF_DIMENSION[d]);
  const selection = dimensions.map((column) => (column === "city" ? "city { id name }" : column)).join(" ");
  return {
    columns: [...dimensions.flatMap((column) => (column === "city" ? ["cityId", "city"] : [column])), "count"],
    total: async () => 1,
    async page() {
      const data = await client.query<{ memberStats: Record<string, unknown>[] }>(
        `query ExportMemberStats($country: CountryCode, $groupBy: [MemberDimension!]!) { memberStats(country: $country, groupBy: $groupBy) { ${selection} count } }`,
        { country: query.country, groupBy: query.groupBy },
      );
      const rows = data.memberStats.map((group) => {
        const row: Row = {};
        for (const column of dimensions) {
          if (column === "city") {
            const city = group.city as { id: string; name: string } | null;
            Object.assign(row, { cityId: city?.id ?? null, city: city?.name ?? null });
          } else row[column] = group[column] as string | number | null;
        }
        row.count = group.count as number;
        return row;
      });
      return { rows, next: null, done: 1 };
    },
  };
}

export function exportSource(client: GatewayClient, query: ExportQuery): ExportSource {
  switch (query.kind) {
    case "members":
      return membersSource(client, query);
    case "bookings":
      return bookingsSource(client, query);
    case "memberStats":
      return memberStatsSource(client, query);
  }
}
