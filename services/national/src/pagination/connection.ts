import type { CountryCode, CursorCodec, OrderName } from "@smart/platform";

/** What a connection resolver hands to the generated Connection type: rows plus how to cut cursors. */
export interface ConnectionParent<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Builds a page from `rows` fetched with LIMIT first + 1: the extra row only says
 * there is a next page. Each cursor carries the row's sort key.
 */
export function toConnection<TNode>(
  rows: TNode[],
  first: number,
  order: OrderName,
  sortKey: (row: TNode) => string[],
  { unit, cursors }: { unit: CountryCode; cursors: CursorCodec },
): ConnectionParent<TNode> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursors.encode(unit, { order, key: sortKey(node) }), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
