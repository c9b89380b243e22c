import {
  Kind,
  OperationTypeNode,
  parse,
  print,
  valueFromASTUntyped,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type TypeNode,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";
import { groupsShapeOf, type GroupsShape } from "./groupsMerge.js";
import {
  collectFields,
  fragmentsOf,
  pruneUnused,
  responseKeyOf,
  subFieldKeys,
  subFieldsByKey,
  type FragmentMap,
} from "./selections.js";
import { ROUTER_CONNECTION_ADDITIONS, routerNames } from "@smart/platform";
import type { ConnectionShape, PageInfoShape } from "./connectionShape.js";
import type { ShardRule, ShardRules } from "./shardRules.js";

export type PreparedFieldKind = "typename" | "entities" | "sharded" | "unroutable";

/** One root field of a fetch (all its occurrences under one response key). */
export interface PreparedField {
  responseKey: string;
  fieldName: string;
  kind: PreparedFieldKind;
  rule?: ShardRule;
  /** Arguments as the fetch writes them (literals or variables), for routing. */
  arguments: ReadonlyMap<string, ValueNode>;
  /** @skip/@include of each occurrence; the field is asked for when any occurrence passes. */
  conditions: readonly (readonly DirectiveNode[])[];
  /** Set per unit call: whether this unit answers this field. */
  includeVariable: string;
  /** CONNECTION fields: carries each unit's own `after`. */
  afterVariable?: string;
  /** CONNECTION fields: carries each unit's `first` (absent from a call: the schema's default). */
  firstVariable?: string;
  connection?: ConnectionShape;
  /** GROUPS fields: where the counts are. */
  groups?: GroupsShape;
  /** `_entities`: carries each unit's subset of representations. */
  representationsVariable?: string;
}

/** A fetch of the national subgraph, analysed once per query string. */
export interface PreparedFetch {
  operationType: "query" | "mutation";
  /** What every unit is sent: the same text for all, root fields gated by include variables. */
  query: string;
  /**
   * The same without the router's cursor and pageInfo additions: for a call in
   * which no connection is merged (one unit answers it alone), they would only
   * cost the unit and the router their work. Uses the same variables.
   */
  leanQuery: string;
  operationName?: string;
  fields: readonly PreparedField[];
  /** The caller's variables the sent document still uses (an `after` or `representations` it replaced is not resent). */
  forwardedVariables: readonly string[];
  /** Defaults of the operation's variables (the gateway forwards only the variables given). */
  variableDefaults: Readonly<Record<string, unknown>>;
}

const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;
const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const typeNode = (sdl: string): TypeNode => {
  const definition = parse(`query($v: ${sdl}) { __typename }`).definitions[0] as OperationDefinitionNode;
  return definition.variableDefinitions![0]!.type;
};
const variableDefinition = (variableName: string, type: string): VariableDefinitionNode => ({
  kind: Kind.VARIABLE_DEFINITION,
  variable: variable(variableName),
  type: typeNode(type),
});
const argument = (argumentName: string, value: ValueNode): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: name(argumentName),
  value,
});
const field = (fieldName: string, subFields: string[] = [], alias?: string): FieldNode => ({
  kind: Kind.FIELD,
  name: name(fieldName),
  ...(alias ? { alias: name(alias) } : {}),
  ...(subFields.length
    ? { selectionSet: { kind: Kind.SELECTION_SET, selections: subFields.map((sub) => field(sub)) } }
    : {}),
});
const includeIf = (variableName: string): DirectiveNode => ({
  kind: Kind.DIRECTIVE,
  name: name("include"),
  arguments: [argument("if", variable(variableName))],
});

/** Analyses a fetch and writes the document the units are sent. */
export function prepareFetch(
  document: DocumentNode,
  operationName: string | undefined,
  rules: ShardRules,
): PreparedFetch {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || (!operationName && operations.length !== 1))
    throw new Error("The fetch holds no single operation to route.");
  if (operation.operation === OperationTypeNode.SUBSCRIPTION)
    throw new Error("Subscriptions are not routed to national units.");
  const operationType = operation.operation === OperationTypeNode.MUTATION ? "mutation" : "query";
  const fragments = fragmentsOf(document);

  const groups = new Map<string, { nodes: FieldNode[]; conditions: DirectiveNode[][] }>();
  for (const { field: node, conditions } of collectFields(operation.selectionSet, fragments)) {
    const key = responseKeyOf(node);
    const group = groups.get(key) ?? { nodes: [], conditions: [] };
    group.nodes.push(node);
    group.conditions.push([...conditions]);
    groups.set(key, group);
  }

  const fields: PreparedField[] = [];
  const addedVariables: VariableDefinitionNode[] = [];
  const sentSelections: SelectionNode[] = [];
  const leanSelections: SelectionNode[] = [];
  for (const [responseKey, { nodes, conditions }] of groups) {
    const first = nodes[0]!;
    const fieldName = first.name.value;
    const index = fields.length;
    const prepared: PreparedField = {
      responseKey,
      fieldName,
      kind: "unroutable",
      arguments: new Map((first.arguments ?? []).map((a) => [a.name.value, a.value])),
      conditions,
      includeVariable: routerNames.include(index),
    };
    fields.push(prepared);
    if (fieldName === "__typename") {
      prepared.kind = "typename";
      continue; // answered by the router
    }
    const rewrites: Rewrite = {};
    if (fieldName === "_entities" && operationType === "query") {
      prepared.kind = "entities";
      prepared.representationsVariable = routerNames.representations(index);
      rewrites.arguments = { representations: variable(prepared.representationsVariable) };
      addedVariables.push(variableDefinition(prepared.representationsVariable, "[_Any!]!"));
    } else {
      const rule = rules[operationType].get(fieldName);
      if (rule) {
        prepared.kind = "sharded";
        prepared.rule = rule;
      }
      if (rule?.merge === "CONNECTION") {
        prepared.afterVariable = routerNames.after(index);
        prepared.firstVariable = routerNames.first(index);
        prepared.connection = connectionShapeOf(nodes, fragments);
        rewrites.arguments = { after: variable(prepared.afterVariable), first: variable(prepared.firstVariable) };
        rewrites.injectCursors = true;
        addedVariables.push(
          variableDefinition(prepared.afterVariable, "String"),
          variableDefinition(prepared.firstVariable, "Int"),
        );
      }
      if (rule?.merge === "GROUPS") prepared.groups = groupsShapeOf(nodes, fragments);
    }
    addedVariables.push(variableDefinition(prepared.includeVariable, "Boolean!"));
    nodes.forEach((node, i) => {
      sentSelections.push(
        rewriteRootField(node, prepared.includeVariable, {
          ...rewrites,
          injectCursors: rewrites.injectCursors && i === 0,
        }),
      );
      leanSelections.push(rewriteRootField(node, prepared.includeVariable, { ...rewrites, injectCursors: false }));
    });
  }

  const sentOperation: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [...(operation.variableDefinitions ?? []), ...addedVariables],
    selectionSet: { kind: Kind.SELECTION_SET, selections: sentSelections },
  };
  const sent = pruneUnused({ ...document, definitions: [sentOperation, ...fragments.values()] });
  const leanOperation: OperationDefinitionNode = {
    ...sentOperation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: leanSelections },
  };
  const lean = pruneUnused({ ...document, definitions: [leanOperation, ...fragments.values()] });
  const variableDefaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue)
      variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  const sentDefinition = sent.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const added = new Set(addedVariables.map((v) => v.variable.name.value));
  return {
    operationType,
    query: print(sent),
    leanQuery: print(lean),
    forwardedVariables: (sentDefinition.variableDefinitions ?? [])
      .map((v) => v.variable.name.value)
      .filter((n) => !added.has(n)),
    ...(operation.name ? { operationName: operation.name.value } : {}),
    fields,
    variableDefaults,
  };
}

interface Rewrite {
  /** Arguments whose value the router sets per unit (added when absent). */
  arguments?: Record<string, ValueNode>;
  /** Adds the router's own `edges { cursor }` and `pageInfo { … }` selections. */
  injectCursors?: boolean;
}

function rewriteRootField(node: FieldNode, includeVariable: string, rewrite: Rewrite): FieldNode {
  const replaced = rewrite.arguments ?? {};
  const kept = (node.arguments ?? []).filter((a) => !Object.hasOwn(replaced, a.name.value));
  const directives = (node.directives ?? []).filter((d) => d.name.value !== "skip" && d.name.value !== "include");
  const selections = [...(node.selectionSet?.selections ?? [])];
  if (rewrite.injectCursors) {
    for (const [alias, addition] of ROUTER_CONNECTION_ADDITIONS)
      selections.push(field(addition.field, [...addition.subfields], alias));
  }
  return {
    ...node,
    arguments: [...kept, ...Object.entries(replaced).map(([argumentName, value]) => argument(argumentName, value))],
    directives: [...directives, includeIf(includeVariable)],
    ...(node.selectionSet ? { selectionSet: { ...node.selectionSet, selections } } : {}),
  };
}

function connectionShapeOf(nodes: readonly FieldNode[], fragments: FragmentMap): ConnectionShape {
  const edges = new Map<string, string[]>();
  for (const [key, edgeNodes] of subFieldsByKey(nodes, "edges", fragments))
    edges.set(key, subFieldKeys(edgeNodes, "cursor", fragments));
  const pageInfo = new Map<string, PageInfoShape>();
  for (const [key, pageInfoNodes] of subFieldsByKey(nodes, "pageInfo", fragments)) {
    pageInfo.set(key, {
      hasNextPage: subFieldKeys(pageInfoNodes, "hasNextPage", fragments),
      endCursor: subFieldKeys(pageInfoNodes, "endCursor", fragments),
    });
  }
  return { edges, pageInfo };
}
