import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import { deriveCursorKey, type CursorKeys } from "./cursorKeys.js";
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

/**
 * The most rows a unit gives for one list without `first` (a workspace's or a
 * range's bookings): beyond, it refuses the list (BAD_USER_INPUT, `maxRows`) rather
 * than answer a length nobody priced. The gateway prices what runs once per item
 * of such a list by this bound (unitCallBudget.ts), so the price holds.
 */
export const MAX_UNPAGED_ROWS = 10_000;

/** The unit's refusal of a list longer than MAX_UNPAGED_ROWS. */
export const tooManyRows = (what: string) =>
  badUserInput(`${what} holds more than ${MAX_UNPAGED_ROWS} rows in this unit: ask for a shorter range.`, {
    maxRows: MAX_UNPAGED_ROWS,
  });

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

function isOrderName(value: unknown): value is OrderName {
  return typeof value === "string" && Object.hasOwn(ORDER_DIRECTIONS, value);
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CURSOR_LENGTH = 4096;

/**
 * Reads and writes a unit's cursors. A cursor carries its row's sort key — a
 * join date, a folded name — which the caller may have no right to see, so it is
 * sealed: AES-256-GCM under the unit's own cursor key (cursorKeys.ts: CURSOR_KEY,
 * derived from the gateway's CURSOR_MASTER_KEY, which the router derives again
 * to read the keys it merges by). The unit's code is authenticated with it: a
 * cursor of another unit, a tampered or a forged one does not open.
 */
export interface CursorCodec {
  encode(unit: CountryCode, cursor: UnitCursor): string;
  /** The cursor, or BAD_USER_INPUT if it is not one this unit cut for `expectedOrder`. */
  decode(unit: CountryCode, cursor: string, expectedOrder: OrderName): UnitCursor;
  /** The cursor whatever its order (the router's merge); null if it does not open. */
  peek(unit: CountryCode, cursor: string): UnitCursor | null;
}

/** The keys of a unit's cursors, the first sealing and every one opening; none: this process cannot open that unit's. */
export type CursorKeyring = (unit: CountryCode) => CursorKeys;

/**
 * Cursors kept once sealed, and once opened. The same rows are paged through again
 * and again — first pages most — and sealing a cursor costs a unit more than
 * answering a field (a page of 50 seals 50). A kept cursor is one this process
 * sealed or opened itself: the same sealed text for the same position, only not
 * sealed again. Postgres text holds no NUL, so NUL separates the parts of a key.
 */
const CURSORS_KEPT = 20_000;

/** A unit's codec: its own key(s) only (CURSOR_KEY, and CURSOR_KEY_ACCEPTED during a rotation). */
export function unitCursorCodec(unit: CountryCode, keys: CursorKeys): CursorCodec {
  if (!keys.length) throw new Error("unitCursorCodec: at least one key");
  return createCursorCodec((of) => (of === unit ? keys : []));
}

/** Seals each unit's cursors with the first of its keys; opens them with any. */
export function createCursorCodec(keyring: CursorKeyring): CursorCodec {
  const sealedCursors = new LRUCache<string, string>({ max: CURSORS_KEPT });
  const openedCursors = new LRUCache<string, UnitCursor>({ max: CURSORS_KEPT });
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
    const value = unseal(keyring(unit), aadOf(unit), cursor) as { o?: unknown; k?: unknown } | null;
    if (
      !value ||
      !isOrderName(value.o) ||
      !Array.isArray(value.k) ||
      !value.k.every((part) => typeof part === "string")
    )
      return null;
    return Object.freeze({ order: value.o, key: Object.freeze(value.k) });
  };
  return {
    encode(unit, cursor) {
      const position = `${unit}\u0000${cursor.order}\u0000${cursor.key.join("\u0000")}`;
      const kept = sealedCursors.get(position);
      if (kept) return kept;
      const key = keyring(unit)[0];
      if (!key) throw new Error(`No cursor key of the ${unit} unit here.`);
      const sealed = seal(key, nonces.next(), aadOf(unit), JSON.stringify({ o: cursor.order, k: cursor.key }));
      sealedCursors.set(position, sealed);
      return sealed;
    },
    decode(unit, cursor, expectedOrder) {
      const value = open(unit, cursor);
      if (!value || value.order !== expectedOrder || value.key.length !== ORDER_DIRECTIONS[expectedOrder].length) {
        throw badUserInput(
          `"after" is not a cursor of this list (ordered by ${expectedOrder}); use an endCursor or edge cursor it returned.`,
        );
      }
      return value;
    },
    peek: open,
  };
}

/** `value` as JSON, sealed under `key` (AES-256-GCM, a random IV) and bound to `aad`: base64url. */
export const sealJson = (key: Buffer, aad: Buffer, value: unknown): string =>
  seal(key, randomBytes(IV_BYTES), aad, JSON.stringify(value));

/** The JSON value `sealJson` sealed under any of `keys` with the same `aad`; null when none opens it. */
export const unsealJson = (keys: CursorKeys, aad: Buffer, text: string): unknown => unseal(keys, aad, text);

function seal(key: Buffer, iv: Buffer, aad: Buffer, text: string): string {
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The JSON value sealed in `text` under any of `keys`; null when none opens it. */
function unseal(keys: CursorKeys, aad: Buffer, text: string): unknown {
  const sealed = Buffer.from(text, "base64url");
  if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  for (const key of keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(aad).setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8"));
    } catch {
      // not sealed with this key: try the next
    }
  }
  return null;
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

/**
 * What the gateway's shard router does with cursors: open every unit's (its keys
 * derived from the master), and seal and open its own Europe-wide cursors, which
 * carry each unit's position, under its own key ("cursor/v1/gateway"). Sealed
 * deterministically, as the units' are kept: the same positions, the same text.
 */
export interface GatewayCursors extends CursorCodec {
  encodeComposite(positions: CompositeCursor): string;
  /** The positions, or BAD_USER_INPUT if `cursor` is not a Europe-wide cursor this gateway sealed. */
  decodeComposite(cursor: string): CompositeCursor;
}

const COMPOSITE_AAD = Buffer.from("eu1");
/** Nine unit cursors and their JSON, with room. */
const MAX_COMPOSITE_LENGTH = 16_384;

/** The gateway's cursors, from CURSOR_MASTER_KEY (and the one also accepted during a rotation). */
export function gatewayCursors(masters: CursorKeys): GatewayCursors {
  if (!masters.length) throw new Error("gatewayCursors: at least one master key");
  const unitKeys = new Map<CountryCode, CursorKeys>();
  const codec = createCursorCodec((unit) => {
    let keys = unitKeys.get(unit);
    if (!keys)
      unitKeys.set(unit, (keys = isCountryCode(unit) ? masters.map((master) => deriveCursorKey(master, unit)) : []));
    return keys;
  });
  const own = masters.map((master) => deriveCursorKey(master, "gateway"));
  // A synthetic IV (an HMAC of the positions): the same positions give the same text, other positions another IV.
  const ivKey = Buffer.from(hkdfSync("sha256", own[0]!, "", "composite-iv", 32));
  const notComposite = () =>
    badUserInput(`"after" is not a Europe-wide cursor; use an endCursor or edge cursor this list returned.`);
  return {
    ...codec,
    encodeComposite(positions) {
      const text = JSON.stringify(positions);
      return seal(
        own[0]!,
        createHmac("sha256", ivKey).update(text).digest().subarray(0, IV_BYTES),
        COMPOSITE_AAD,
        text,
      );
    },
    decodeComposite(cursor) {
      if (typeof cursor !== "string" || cursor.length > MAX_COMPOSITE_LENGTH) throw notComposite();
      const positions = unseal(own, COMPOSITE_AAD, cursor);
      if (!positions || typeof positions !== "object" || Array.isArray(positions)) throw notComposite();
      if (!Object.entries(positions).every(([code, position]) => isCountryCode(code) && typeof position === "string"))
        throw notComposite();
      return positions;
    },
  };
}
