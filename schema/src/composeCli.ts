import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { composeSupergraph, subgraphSdls } from "./index.js";

const out = fileURLToPath(new URL("../supergraph.graphql", import.meta.url));
const result = composeSupergraph(subgraphSdls());
if (result.errors) {
  console.error(`Composition failed:\n${result.errors.map((error) => `  - ${error}`).join("\n")}`);
  process.exit(1);
}
writeFileSync(out, result.supergraphSdl);
console.log(`Wrote ${out}`);
