import type { SharePricesQuery } from "../__generated__/central-operations.js";

/** What one cooperative share costs in a unit (central's `Country.sharePrice`). */
export type SharePrice = Pick<NonNullable<SharePricesQuery["from"]>["sharePrice"], "amount" | "currency" | "period">;

/**
 * The shares a member holds in the unit they move to. Where both units price a
 * share once, in the same currency, the capital goes with them: as many whole
 * shares of the target as it buys (the remainder is refunded, as on leaving), at
 * least one. Otherwise (a yearly share, as in Belgium, or another currency) there
 * is no capital to carry over: the member holds the target's one share, the
 * minimum every unit asks.
 */
export function sharesInTarget(shares: number, from: SharePrice, to: SharePrice): number {
  if (from.period !== "ONCE" || to.period !== "ONCE" || from.currency !== to.currency || !(to.amount > 0)) return 1;
  return Math.max(1, Math.floor((shares * from.amount) / to.amount + 1e-9));
}
