import { Kind } from "graphql";
import { LRUCache } from "lru-cache";
import type { CountryCode } from "@smart/platform";
import type { PreparedFetch, PreparedField } from "./preparedFetch.js";
import type { Json } from "../json.js";

/** Rows asked of a unit beyond what it gave last time: enough to see where its next row sorts. */
const MARGIN = 2;
/** Page queries remembered. */
const KEPT = 1_000;

/**
 * How the last Europe-wide page of each list split among the units: names sort
 * by language, so the first pages by name are mostly Swedish, and the next page
 * of the same list splits much like the last. Each unit is then asked for the
 * rows it gave last time and two more, instead of an even share: no second round
 * for the unit that held most of the page, no rows resolved for the units that
 * held none. The merge stays exact whatever the shares: a unit whose share runs
 * out before the page is cut is asked again for a full page.
 *
 * A list is the fetch's text, the field and its variables but for `after`: the
 * page's position changes as a caller walks the list, the list does not.
 */
export class PageShares {
  private readonly last = new LRUCache<string, ReadonlyMap<CountryCode, number>>({ max: KEPT });

  /** The list a fanned-out connection field's page belongs to. */
  listOf(prepared: PreparedFetch, field: PreparedField, variables: Readonly<Json>): string {
    const after = field.arguments.get("after");
    const position = after?.kind === Kind.VARIABLE ? after.name.value : undefined;
    const others =
      position === undefined
        ? variables
        : Object.fromEntries(Object.entries(variables).filter(([name]) => name !== position));
    return `${prepared.query}\u0000${field.responseKey}\u0000${JSON.stringify(others)}`;
  }

  /** Rows to ask of each unit for a page of `first` of `list`; undefined when the list is new. */
  sharesOf(list: string, first: number): ((unit: CountryCode) => number) | undefined {
    const rows = this.last.get(list);
    if (!rows) return undefined;
    return (unit) => Math.min(first, (rows.get(unit) ?? 0) + MARGIN);
  }

  /** What each unit gave to the page just merged (units not named gave none). */
  record(list: string, rows: ReadonlyMap<CountryCode, number>): void {
    this.last.set(list, rows);
  }
}
