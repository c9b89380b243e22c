import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { generate } from "@graphql-codegen/cli";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { composeSupergraph, schemaDir, subgraphSdls, supergraphSdl } from "../index.js";

const repoRoot = path.resolve(schemaDir, "..");

describe("schema > drift", () => {
  it("the committed supergraph is what the subgraph SDL composes to (run `npm run compose`)", () => {
    const result = composeSupergraph(subgraphSdls());
    expect(result.errors, result.errors?.join("\n")).to.equal(undefined);
    expect(
      supergraphSdl() === result.supergraphSdl,
      "schema/supergraph.graphql is stale: run `npm run compose` and commit it",
    ).to.equal(true);
  });

  for (const service of ["services/national", "services/central", "gateway"]) {
    it(`the committed resolver types of ${service} are what codegen writes (run \`npm run codegen\`)`, async () => {
      const dir = path.join(repoRoot, service);
      const { default: config } = (await import(path.join(dir, "codegen.ts"))) as { default: CodegenConfig };
      const previous = process.cwd();
      process.chdir(dir);
      try {
        const outputs = await generate({ ...config, silent: true }, false);
        expect(outputs).to.not.be.empty;
        for (const output of outputs) {
          const committed = readFileSync(path.resolve(dir, output.filename), "utf8");
          expect(
            committed === output.content,
            `${service}/${output.filename} is stale: run \`npm run codegen\` and commit it`,
          ).to.equal(true);
        }
      } finally {
        process.chdir(previous);
      }
    });
  }
});
