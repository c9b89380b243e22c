import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import { badUserInput } from "./errors.js";
import { compareCodePoints } from "./sortKey.js";
import { isCountryCode, type CountryCode } from "./units.js";

/**
 * Keyset cursors.
 *
 * A unit's cursor carries the order it was cut for and the row's sort key (the
 * ordered values, the ID last as tie-breaker), sealed (CursorCodec), so the unit
 * can resume with a row comparison and the gateway's shard router can merge nine
 * units' pages by key without knowing their rows. A Europe-wide (composite)
 * cursor carries each unit's sealed position in one page walk.
 */

/** The largest page a unit gives (`first`), and so the largest Europe-wide page. */
export const MAX_PAGE_SIZE = 100;

/** Each order's key directions, shared by the units (SQL) and the router (merge). */
export const ORDER_DIRECTIONS = {
  NAME_ASC: ["asc", "asc"],
  JOINED_DESC: ["desc", "desc"],
  WORKSPACE_NAME: ["asc", "asc"],
} as const satisfies Record<string, readonly ("asc" | "desc")[]>;

export type OrderName = keyof typeof ORDER_DIRECTIONS;

export interface UnitCursor {
  readonly order: OrderName;
  readonly key: readonly string[];
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

const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CURSOR_LENGTH = 4096;

/**
 * Reads and writes a unit's cursors. A cursor carries its row's sort key — a
 * join date, a folded name — which the caller may have no right to see, so it is
 * sealed: AES-256-GCM under a key derived from the gateway signing secret(s),
 * which the units and the gateway share (the router reads the keys to merge).
 * The unit's code is authenticated with it: a cursor of another unit, a tampered
 * or a forged one does not open.
 */
export interface CursorCodec {
  encode(unit: CountryCode, cursor: UnitCursor): string;
  /** The cursor, or BAD_USER_INPUT if it is not one this unit cut for `expectedOrder`. */
  decode(unit: CountryCode, cursor: string, expectedOrder: OrderName): UnitCursor;
  /** The cursor whatever its order (the router's merge); null if it does not open. */
  peek(unit: CountryCode, cursor: string): UnitCursor | null;
}

const cursorKey = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "smart-europe-graph", "cursor/v1", 32));

/**
 * Cursors kept once sealed, and once opened. The same rows are paged through again
 * and again — first pages most — and sealing a cursor costs a unit more than
 * answering a field (a page of 50 seals 50). A kept cursor is one this process
 * sealed or opened itself: the same sealed text for the same position, only not
 * sealed again. Postgres text holds no NUL, so NUL separates the parts of a key.
 */
const CURSORS_KEPT = 20_000;

/** Seals with the first secret's key; opens with any of them (see signingSecrets on rotation). */
export function createCursorCodec(secrets: readonly string[]): CursorCodec {
  if (!secrets.length) throw new Error("createCursorCodec: at least one secret");
  const sealedCursors = new LRUCache<string, string>({ max: CURSORS_KEPT });
  const openedCursors = new LRUCache<string, UnitCursor>({ max: CURSORS_KEPT });
  const keys = secrets.map(cursorKey);
  const nonces = nonceSequence();
  const aad = new Map<CountryCode, Buffer>();
  const aadOf = (unit: CountryCode) => aad.get(unit) ?? aad.set(unit, Buffer.from(unit)).get(unit)!;
  const open = (unit: CountryCode, cursor: string): UnitCursor | null => {
    if (typeof cursor !== "string" || cursor.length > MAX_CURSOR_LENGTH) return null;
    const kept = openedCursors.get(`${unit}\u0000${cursor}`);
    if (kept) return kept;
    const opened = openSealed(unit, cursor);
    // Only cursors that open are kept: garbage must not push good ones out.
    if (opened) openedCursors.set(`${unit}\u0000${cursor}`, opened);
    return opened;
  };
  const openSealed = (unit: CountryCode, cursor: string): UnitCursor | null => {
    const sealed = Buffer.from(cursor, "base64url");
    if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
    for (const key of keys) {
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(aadOf(unit)).setAuthTag(tag);
        const value = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")) as { o?: unknown; k?: unknown };
        if (!isOrderName(value.o) || !Array.isArray(value.k) || !value.k.every((part) => typeof part === "string")) return null;
        return Object.freeze({ order: value.o, key: Object.freeze(value.k) });
      } catch {
        // not sealed with this key: try the next
      }
    }
    return null;
  };
  return {
    encode(unit, cursor) {
      const position = `${unit}\u0000${cursor.order}\u0000${cursor.key.join("\u0000")}`;
      const kept = sealedCursors.get(position);
      if (kept) return kept;
      const iv = nonces.next();
      const cipher = createCipheriv("aes-256-gcm", keys[0]!, iv).setAAD(aadOf(unit));
      const body = Buffer.concat([cipher.update(JSON.stringify({ o: cursor.order, k: cursor.key }), "utf8"), cipher.final()]);
      const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
      sealedCursors.set(position, sealed);
      return sealed;
    },
    decode(unit, cursor, expectedOrder) {
      const value = open(unit, cursor);
      if (!value || value.order !== expectedOrder || value.key.length !== ORDER_DIRECTIONS[expectedOrder].length) {
        throw badUserInput(`"after" is not a cursor of this list (ordered by ${expectedOrder}); use an endCursor or edge cursor it returned.`);
      }
      return value;
    },
    peek: open,
  };
}

/**
 * GCM's nonces must never repeat under one key; they need not be unpredictable.
 * A random 96-bit start counted up from there: one random draw per process
 * instead of one per cursor (a page of 50 edges seals 50 cursors), and two
 * processes sharing the key collide only if their random starts lie within the
 * number of cursors either seals.
 */
function nonceSequence(): { next(): Buffer } {
  const start = randomBytes(IV_BYTES);
  const high = start.subarray(0, IV_BYTES - 8);
  let low = start.readBigUInt64BE(IV_BYTES - 8);
  return {
    next() {
      low = (low + 1n) & 0xffff_ffff_ffff_ffffn;
      const iv = Buffer.allocUnsafe(IV_BYTES);
      high.copy(iv, 0);
      iv.writeBigUInt64BE(low, IV_BYTES - 8);
      return iv;
    },
  };
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
  if (!positions || typeof positions !== "object" || !Object.entries(positions).every(([code, c]) => isCountryCode(code) && typeof c === "string")) {
    throw badUserInput(`"after" is not a Europe-wide cursor; use an endCursor or edge cursor this list returned.`);
  }
  return positions;
}
