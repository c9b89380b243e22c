import { Lexer, parse, Source, TokenKind, type DocumentNode } from "graphql";
import { ErrorCode, graphqlError } from "@smart/platform";
import { prepareFetch, type PreparedFetch } from "./preparedFetch.js";
import type { ShardRules } from "./shardRules.js";

const PREPARED_CACHE_SIZE = 1000;

/**
 * The router's first stage: each fetch the planner makes, prepared once for the
 * units (preparedFetch.ts) and kept by its text — a query's plan has the same
 * fetches every time it runs.
 */
export class PreparedFetches {
  private readonly cache = new Map<string, PreparedFetch>();

  /**
   * `unitMaxTokens`: the units' token limit (their QUERY_MAX_TOKENS). What the router
   * sends is the planner's fetch plus its own additions (an `@include` variable per
   * root field, its cursors and pageInfo per connection: some 30 tokens per root
   * field), so a query within the gateway's limit can be past the units'. Such a
   * fetch is refused here with QUERY_TOO_COMPLEX, not sent to units that would all
   * fail to parse it and be reported unavailable. No check when absent.
   */
  constructor(
    private readonly rules: ShardRules,
    private readonly unitMaxTokens?: number,
  ) {}

  get(query: string, document: DocumentNode | undefined, operationName: string | undefined): PreparedFetch {
    const key = `${operationName ?? ""}\n${query}`;
    let prepared = this.cache.get(key);
    if (!prepared) {
      prepared = prepareFetch(document ?? parse(query), operationName, this.rules);
      const limit = this.unitMaxTokens;
      if (limit !== undefined && tokensIn(prepared.query, limit) > limit) {
        throw graphqlError(
          ErrorCode.QUERY_TOO_COMPLEX,
          `Routed to the national units, this query is more than ${limit} tokens, their limit: each root field adds some 30 tokens of routing. Ask for fewer root fields (aliases).`,
          { http: { status: 400 } },
        );
      }
      if (this.cache.size >= PREPARED_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, prepared);
    }
    return prepared;
  }
}

/** Lexical tokens in `text`, as the parser's `maxTokens` counts them (counting stops past `limit`). */
function tokensIn(text: string, limit: number): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}
