import {
  compareKeys,
  type CompositeCursor,
  type CountryCode,
  type GatewayCursors,
  type UnitCursor,
} from "@smart/platform";

/** Opens the units' sealed cursors, and seals and opens the Europe-wide ones. */
export type CursorReader = Pick<GatewayCursors, "peek" | "encodeComposite" | "decodeComposite">;

/** One unit's page of a fanned-out connection: its edges' cursors, in its order. */
export interface UnitPage {
  unit: CountryCode;
  cursors: readonly string[];
  hasNextPage: boolean;
}

/** An edge of the European page: which unit's edge it is, and where. */
export interface MergedEdge {
  unit: CountryCode;
  /** Index of the edge in its unit's page. */
  index: number;
  /** Composite cursor: every unit's position just after this edge (when asked for). */
  cursor?: string;
}

export interface MergedPage {
  edges: MergedEdge[];
  /**
   * False when the pages ran short: a unit's page was used up while it has more
   * rows, before `first` edges — its next row may come before the others', so
   * the page cannot be cut here (the units were asked for shares, not full pages).
   */
  complete: boolean;
  /** When not complete: the units whose rows ran out (to be asked for a full page). */
  shortUnits: CountryCode[];
  hasNextPage: boolean;
  /** Composite cursor after the last edge; null for an empty page. */
  endCursor: string | null;
}

export class UnreadableCursorError extends Error {
  override name = "UnreadableCursorError";
  constructor(readonly unit: CountryCode) {
    super(`The ${unit} unit returned a cursor the router cannot read.`);
  }
}

/** Reads a page's sort keys from its cursors; throws UnreadableCursorError for one that does not open. */
export function readPageKeys(page: UnitPage, cursors: CursorReader): UnitCursor[] {
  return page.cursors.map((cursor) => {
    const key = cursors.peek(page.unit, cursor);
    if (!key) throw new UnreadableCursorError(page.unit);
    return key;
  });
}

/**
 * K-way merge of the units' pages by the sort key their cursors carry, cut to
 * `first`. Each unit sent its next rows after its position in `start`; while no
 * unit with more rows has run out, the merge's first edges are exactly the
 * European page's (with full pages of `first`, none can run out before the cut).
 */
export function mergeConnectionPages(
  pages: readonly UnitPage[],
  options: { start: CompositeCursor; first: number | null; edgeCursors: boolean; cursors: CursorReader },
): MergedPage {
  const keyed = pages.map((page) => ({ page, keys: readPageKeys(page, options.cursors), next: 0 }));
  const order = keyed.find((k) => k.keys.length)?.keys[0]?.order;
  for (const { page, keys } of keyed) {
    if (keys.some((key) => key.order !== order)) throw new UnreadableCursorError(page.unit);
  }
  const limit = options.first ?? Infinity;
  const positions: CompositeCursor = { ...options.start };
  const edges: MergedEdge[] = [];
  let shortUnits: CountryCode[] = [];
  while (edges.length < limit) {
    shortUnits = keyed
      .filter(({ page, keys, next }) => next >= keys.length && page.hasNextPage)
      .map(({ page }) => page.unit);
    if (shortUnits.length) break;
    let best: (typeof keyed)[number] | undefined;
    for (const candidate of keyed) {
      if (candidate.next >= candidate.keys.length) continue;
      if (!best || isBefore(order!, candidate, best)) best = candidate;
    }
    if (!best) break;
    const index = best.next++;
    positions[best.page.unit] = best.page.cursors[index]!;
    edges.push({
      unit: best.page.unit,
      index,
      ...(options.edgeCursors ? { cursor: options.cursors.encodeComposite(positions) } : {}),
    });
  }
  const hasNextPage = keyed.some(({ page, keys, next }) => next < keys.length || page.hasNextPage);
  if (edges.length >= limit) shortUnits = [];
  return {
    edges,
    complete: !shortUnits.length,
    shortUnits,
    hasNextPage,
    endCursor: edges.length ? options.cursors.encodeComposite(positions) : null,
  };
}

type Head = { page: UnitPage; keys: UnitCursor[]; next: number };

function isBefore(order: UnitCursor["order"], a: Head, b: Head): boolean {
  const c = compareKeys(order, a.keys[a.next]!.key, b.keys[b.next]!.key);
  // IDs differ by unit prefix, so keys never tie; the order of codes keeps the merge total anyway.
  return c < 0 || (c === 0 && a.page.unit < b.page.unit);
}
