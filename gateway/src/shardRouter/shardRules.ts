import {
  Kind,
  OperationTypeNode,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from "graphql";

/** How a fanned-out root field's answers are merged (the `ShardMerge` enum of shard.graphql). */
export type ShardMerge = "NONE" | "CONNECTION" | "LIST" | "SUM" | "GROUPS";

/** A root field's `@shard(by:, merge:)`, plus what the merge needs from its definition. */
export interface ShardRule {
  /** The argument path that names the unit: `["id"]`, `["input", "country"]`. */
  by: string[];
  merge: ShardMerge;
  /** The schema default of `first` (CONNECTION fields), used when the caller gives none. */
  defaultFirst?: number | null;
}

/** `@shard` rules by operation type, then by root field name. */
export interface ShardRules {
  query: ReadonlyMap<string, ShardRule>;
  mutation: ReadonlyMap<string, ShardRule>;
}

const MERGES: readonly ShardMerge[] = ["NONE", "CONNECTION", "LIST", "SUM", "GROUPS"];

/**
 * Reads `@shard` from the supergraph SDL. The gateway's API schema drops composed
 * custom directives, so the router reads them from the SDL it was started with.
 */
export function readShardRules(supergraphSdl: string | DocumentNode): ShardRules {
  const document = typeof supergraphSdl === "string" ? parse(supergraphSdl) : supergraphSdl;
  const rootNames = { query: "Query", mutation: "Mutation" };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const operationType of definition.operationTypes ?? []) {
      if (operationType.operation !== OperationTypeNode.SUBSCRIPTION)
        rootNames[operationType.operation] = operationType.type.name.value;
    }
  }
  const rulesOf = (typeName: string) => {
    const rules = new Map<string, ShardRule>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      if (definition.name.value !== typeName) continue;
      for (const field of definition.fields ?? []) {
        const directive = field.directives?.find((d) => d.name.value === "shard");
        if (directive) rules.set(field.name.value, ruleOf(typeName, field, directive));
      }
    }
    return rules;
  };
  return { query: rulesOf(rootNames.query), mutation: rulesOf(rootNames.mutation) };
}

function ruleOf(typeName: string, field: FieldDefinitionNode, directive: DirectiveNode): ShardRule {
  const where = `@shard on ${typeName}.${field.name.value}`;
  const argument = (name: string) => {
    const node = directive.arguments?.find((a) => a.name.value === name);
    return node ? valueFromASTUntyped(node.value) : undefined;
  };
  const by = argument("by");
  if (typeof by !== "string" || !by) throw new Error(`${where}: \`by\` must name an argument`);
  const merge = argument("merge") ?? "NONE";
  if (!MERGES.includes(merge as ShardMerge)) throw new Error(`${where}: unknown merge ${JSON.stringify(merge)}`);
  const path = by.split(".");
  if (!field.arguments?.some((a) => a.name.value === path[0])) {
    throw new Error(`${where}: \`by\` names "${path[0]}", which is not an argument of the field`);
  }
  const rule: ShardRule = { by: path, merge: merge as ShardMerge };
  if (merge === "CONNECTION") {
    const first = field.arguments.find((a) => a.name.value === "first");
    const after = field.arguments.find((a) => a.name.value === "after");
    if (!first || !after) throw new Error(`${where}: a CONNECTION field needs \`first\` and \`after\` arguments`);
    rule.defaultFirst = first.defaultValue ? (valueFromASTUntyped(first.defaultValue) as number | null) : null;
  }
  return rule;
}
