/**
 * `npm run release -- <commit>`: records `commit` as the previous release of main
 * (release/previous, its full hash) and the national SDL its units serve
 * (schema/released/national.graphql: what the gateway relies on every unit serving).
 * Run it when a release ships; `npm run skew` then tests that release beside this one.
 */
import { recordPreviousRelease } from "./skew/previousRelease.js";

const [revision, ...rest] = process.argv.slice(2);
if (!revision || rest.length) {
  console.error("usage: npm run release -- <commit>");
  process.exit(64);
}
const commit = recordPreviousRelease(revision);
console.log(`release/previous: ${commit}\nschema/released/national.graphql: its national SDL\nCommit both.`);
