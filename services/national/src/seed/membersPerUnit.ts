import { wholeNumber } from "@smart/platform";

/** Members each unit is seeded with unless told otherwise (`npm start`, `npm run seed`, cli/seed.ts). */
export const DEFAULT_MEMBERS_PER_UNIT = 2000;

/** The `--members-per-unit N` flag of every CLI that seeds: one rule, checked once (readArgs). */
export const membersPerUnitFlag = (fallback = DEFAULT_MEMBERS_PER_UNIT) =>
  wholeNumber().min(0, "expected a whole number").default(fallback);
