import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import {
  Kind,
  parse,
  print,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from "graphql";
import { EXAMPLE_TABS } from "@smart/gateway";
import { viewerOfAccount } from "@smart/identity";
import type { RunningStack } from "./runningStack.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");

/** An account as the development provider's sign-in page takes it: central-office, staff:BE, BE:m5. */
const ACCOUNT = String.raw`central-office|staff:[A-Z]{2}|[A-Z]{2}:m\d+|anonymous`;
/** `<!-- as: staff:BE -->`, or `<!-- as: anonymous; error: FORBIDDEN -->`, on the line above a ```graphql fence. */
const ANNOTATION = new RegExp(String.raw`^<!--\s*as:\s*(${ACCOUNT})\s*(?:;\s*error:\s*([A-Z_]+)\s*)?-->\s*$`);
/** `<!-- not run: REASON -->` above a fence whose IDs only exist once earlier operations made them (a new cycle's groups). */
const NOT_RUN = /^<!--\s*not run:\s*\S[^>]*-->\s*$/;
/** A GraphQL comment above an operation naming who runs it, the IDE's wording: `# … (sign in as staff:BE)`. */
const SIGN_IN_COMMENT = new RegExp(String.raw`#[^\n]*\bsign(?:ed)? in as (${ACCOUNT})\b`);

/** One example operation, as a reader would run it. */
export interface Example {
  /** Where it is: `README.md:54`, `docs/members.md:12`, `IDE tab 3`. */
  source: string;
  /** The operation's text, with the fragments it spreads. */
  text: string;
  /** Its name, or its first line. */
  name: string;
  /** The account whose token it is sent with; anonymous without. */
  account: string;
  /** The error code it is meant to show (an example of a refusal), or undefined: no error at all. */
  error: string | undefined;
  variables: Record<string, unknown>;
}

/**
 * Every example operation of the README and docs/*.md (each ```graphql block) and of the IDE's
 * tabs, with the account it names (docs/limits.md, "Example operations"):
 * 1. a comment line in the block above the operation, `# … (sign in as ACCOUNT)`;
 * 2. else `<!-- as: ACCOUNT -->` (optionally `; error: CODE`) on the line right above the fence;
 * 3. else the account the IDE's tab with the same operation names;
 * 4. else anonymous.
 * A block under `<!-- not run: REASON -->` is skipped: its IDs are made by the operations before it.
 */
export function exampleOperations(): Example[] {
  const tabs = EXAMPLE_TABS.flatMap((tab, i) =>
    operationsOf(tab.query, `IDE tab ${i + 1}`, undefined, JSON.parse(tab.variables ?? "{}")),
  );
  const accountOfTab = new Map(tabs.filter((t) => t.account !== "anonymous").map((t) => [t.text, t.account]));
  const files = [
    "README.md",
    ...readdirSync(path.join(REPO_ROOT, "docs"))
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => `docs/${name}`),
  ];
  const documented = files.flatMap((file) => {
    const lines = readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n");
    const examples: Example[] = [];
    for (let at = 0; at < lines.length; at++) {
      if (lines[at]!.trim() !== "```graphql") continue;
      const end = lines.findIndex((line, i) => i > at && line.trim() === "```");
      const above = lines[at - 1]?.trim() ?? "";
      if (NOT_RUN.test(above)) {
        at = end;
        continue;
      }
      const annotation = ANNOTATION.exec(above);
      const block = lines.slice(at + 1, end).join("\n");
      for (const example of operationsOf(
        block,
        `${file}:${at + 1}`,
        annotation ? { account: annotation[1]!, error: annotation[2] } : undefined,
      ))
        examples.push(
          annotation || example.account !== "anonymous"
            ? example
            : { ...example, account: accountOfTab.get(example.text) ?? "anonymous" },
        );
      at = end;
    }
    return examples;
  });
  return [...documented, ...tabs];
}

function operationsOf(
  block: string,
  source: string,
  annotated: { account: string; error: string | undefined } | undefined,
  variables: Record<string, unknown> = {},
): Example[] {
  const document = parse(block);
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  let before = 0;
  return operations.map((operation) => {
    // The comment lines between the previous operation and this one (not one trailing the previous operation).
    const between = block.slice(before, operation.loc!.start);
    const comment = SIGN_IN_COMMENT.exec(before ? between.slice(between.indexOf("\n") + 1) : between)?.[1];
    before = operation.loc!.end;
    const text = [operation, ...fragments].map((d: DefinitionNode) => print(d)).join("\n\n");
    return {
      source,
      text,
      name: operation.name?.value ?? text.split("\n")[0]!,
      account: comment ?? annotated?.account ?? "anonymous",
      error: annotated?.error,
      variables: { ...requiredValues(operation), ...variables },
    };
  });
}

/** A fresh value for each required String or ID variable without a default (an idempotency key); other required ones must be given. */
function requiredValues(operation: OperationDefinitionNode): Record<string, unknown> {
  const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.type.kind !== Kind.NON_NULL_TYPE || definition.defaultValue) continue;
    const type = named(definition.type);
    if (type !== "String" && type !== "ID")
      throw new Error(`$${definition.variable.name.value}: ${type}! needs a default for the example to run`);
    values[definition.variable.name.value] = `example-${Date.now()}-${definition.variable.name.value}`;
  }
  return values;
}

/** Runs every example operation through the gateway with the token of the account it names: none answers an error it does not announce. */
export function exampleCases(stack: () => RunningStack): void {
  it("answers every example operation of the README, docs/*.md and the IDE's tabs without an error, each with the token it names", async () => {
    const examples = exampleOperations();
    expect(examples.length).to.be.greaterThan(10);
    const tokens = new Map<string, string | undefined>([["anonymous", undefined]]);
    const failures: string[] = [];
    const ran = new Set<string>();
    for (const example of examples) {
      // The IDE's tabs repeat the README's examples: each operation runs once as each account.
      const key = `${example.account} ${example.text}`;
      if (ran.has(key)) continue;
      ran.add(key);
      if (!tokens.has(example.account))
        tokens.set(example.account, await stack().bearer(viewerOfAccount(example.account)!));
      const reply = await stack().query(example.text, example.variables, tokens.get(example.account));
      const codes = (reply.errors ?? []).map((e) => `${String(e.extensions?.code)}: ${e.message}`);
      const expected = example.error;
      if (expected ? !codes.some((c) => c.startsWith(`${expected}:`)) : codes.length || reply.data == null)
        failures.push(
          `${example.source} ${example.name} as ${example.account}: ${codes.join("; ") || JSON.stringify(reply).slice(0, 200)}${expected ? ` (expected ${expected})` : ""}`,
        );
    }
    expect(failures).to.deep.equal([]);
  });
}
