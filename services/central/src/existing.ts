/**
 * A row a foreign key guarantees. Null here means the database broke its own
 * constraint: an internal error (masked for callers), not the caller's mistake.
 */
export function existing<T>(row: T | null, what: string): T {
  if (row === null) throw new Error(`Missing ${what}.`);
  return row;
}
