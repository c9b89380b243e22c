import { badUserInput } from "./errors.js";
import { compareCodePoints } from "./sortKey.js";
import { isCountryCode, type CountryCode } from "./units.js";

/**
 * Keyset cursors.
 *
 * A unit's cursor carries the order it was cut for and the row's sort key (the
 * ordered values, the ID last as tie-breaker), so the unit can resume with a row
 * comparison and the gateway's shard router can merge nine units' pages by key
 * without knowing their rows. A Europe-wide (composite) cursor carries each unit's
 * position in one page walk.
 */

/** Each order's key directions, shared by the units (SQL) and the router (merge). */
export const ORDER_DIRECTIONS = {
  NAME_ASC: ["asc", "asc"],
  JOINED_DESC: ["desc", "desc"],
  WORKSPACE_NAME: ["asc", "asc"],
} as const satisfies Record<string, readonly ("asc" | "desc")[]>;

export type OrderName = keyof typeof ORDER_DIRECTIONS;

export interface UnitCursor {
  order: OrderName;
  key: string[];
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isOrderName(value: unknown): value is OrderName {
  return typeof value === "string" && Object.hasOwn(ORDER_DIRECTIONS, value);
}

export function encodeUnitCursor(cursor: UnitCursor): string {
  return encode({ o: cursor.order, k: cursor.key });
}

/** Decodes a unit cursor, or throws BAD_USER_INPUT if it is not one cut for `expectedOrder`. */
export function decodeUnitCursor(cursor: string, expectedOrder: OrderName): UnitCursor {
  const value = decode(cursor) as { o?: unknown; k?: unknown } | undefined;
  const directions = ORDER_DIRECTIONS[expectedOrder];
  if (
    !value ||
    typeof value !== "object" ||
    value.o !== expectedOrder ||
    !Array.isArray(value.k) ||
    value.k.length !== directions.length ||
    !value.k.every((part) => typeof part === "string" && part.length <= 1000)
  ) {
    throw badUserInput(`"after" is not a cursor of this list (ordered by ${expectedOrder}); use an endCursor or edge cursor it returned.`);
  }
  return { order: expectedOrder, key: value.k as string[] };
}

/** Reads a unit cursor without knowing its order (the router's merge). Null if malformed. */
export function peekUnitCursor(cursor: string): UnitCursor | null {
  const value = decode(cursor) as { o?: unknown; k?: unknown } | undefined;
  if (!value || !isOrderName(value.o) || !Array.isArray(value.k)) return null;
  if (!value.k.every((part) => typeof part === "string")) return null;
  return { order: value.o, key: value.k as string[] };
}

/** Compares two sort keys of the same order exactly as every unit's Postgres orders them. */
export function compareKeys(order: OrderName, a: readonly string[], b: readonly string[]): number {
  const directions = ORDER_DIRECTIONS[order];
  for (let i = 0; i < directions.length; i++) {
    const c = compareCodePoints(a[i] ?? "", b[i] ?? "");
    if (c !== 0) return directions[i] === "asc" ? c : -c;
  }
  return 0;
}

/** A position in a Europe-wide page walk: each unit's last cursor (absent: from its start). */
export type CompositeCursor = Partial<Record<CountryCode, string>>;

const COMPOSITE_MARK = "eu1";

export function encodeCompositeCursor(positions: CompositeCursor): string {
  return encode({ [COMPOSITE_MARK]: positions });
}

/** Decodes a composite cursor, or throws BAD_USER_INPUT if it is not one. */
export function decodeCompositeCursor(cursor: string): CompositeCursor {
  const value = decode(cursor) as Record<string, unknown> | undefined;
  const positions = value && typeof value === "object" ? value[COMPOSITE_MARK] : undefined;
  if (
    !positions ||
    typeof positions !== "object" ||
    !Object.entries(positions).every(([code, c]) => isCountryCode(code) && typeof c === "string")
  ) {
    throw badUserInput(`"after" is not a Europe-wide cursor; use an endCursor or edge cursor this list returned.`);
  }
  return positions as CompositeCursor;
}
