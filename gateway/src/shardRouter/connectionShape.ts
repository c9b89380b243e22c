/** Where the caller's selection of a connection puts what the router rewrites. */
export interface ConnectionShape {
  /** Response key of each `edges` selection → response keys of its `cursor` fields. */
  edges: ReadonlyMap<string, readonly string[]>;
  /** Response key of each `pageInfo` selection → its `hasNextPage` and `endCursor` keys. */
  pageInfo: ReadonlyMap<string, PageInfoShape>;
}

export interface PageInfoShape {
  hasNextPage: readonly string[];
  endCursor: readonly string[];
}
