import {
  Kind,
  visit,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export type FragmentMap = ReadonlyMap<string, FragmentDefinitionNode>;

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

export const responseKeyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;

/** A field met in a selection set, with the @skip/@include of the fragments it sits in. */
export interface CollectedField {
  field: FieldNode;
  /** Conditions of enclosing fragments, then the field's own. */
  conditions: readonly DirectiveNode[];
}

const isCondition = (directive: DirectiveNode) => directive.name.value === "skip" || directive.name.value === "include";

/**
 * The fields of a selection set, looking through inline fragments and fragment
 * spreads. Type conditions are not checked: the router only looks inside selection
 * sets whose type it knows (a connection, the root), where every fragment applies.
 */
export function collectFields(selectionSet: SelectionSetNode, fragments: FragmentMap): CollectedField[] {
  const fields: CollectedField[] = [];
  const walk = (set: SelectionSetNode, outer: readonly DirectiveNode[], seen: ReadonlySet<string>) => {
    for (const selection of set.selections) {
      const conditions = [...outer, ...(selection.directives ?? []).filter(isCondition)];
      if (selection.kind === Kind.FIELD) {
        fields.push({ field: selection, conditions });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, conditions, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) walk(fragment.selectionSet, conditions, new Set([...seen, name]));
      }
    }
  };
  walk(selectionSet, [], new Set());
  return fields;
}

/** The sub-fields named `name` of every field in `fields`, by response key. */
export function subFieldKeys(fields: readonly FieldNode[], name: string, fragments: FragmentMap): string[] {
  const keys = new Set<string>();
  for (const field of fields) {
    if (!field.selectionSet) continue;
    for (const { field: sub } of collectFields(field.selectionSet, fragments)) {
      if (sub.name.value === name) keys.add(responseKeyOf(sub));
    }
  }
  return [...keys];
}

/** The sub-field nodes named `name` of `fields`, grouped by response key. */
export function subFieldsByKey(
  fields: readonly FieldNode[],
  name: string,
  fragments: FragmentMap,
): Map<string, FieldNode[]> {
  const byKey = new Map<string, FieldNode[]>();
  for (const field of fields) {
    if (!field.selectionSet) continue;
    for (const { field: sub } of collectFields(field.selectionSet, fragments)) {
      if (sub.name.value !== name) continue;
      const key = responseKeyOf(sub);
      byKey.set(key, [...(byKey.get(key) ?? []), sub]);
    }
  }
  return byKey;
}

/** Evaluates @skip/@include conditions against the request's variables. */
export function conditionsPass(
  conditions: readonly DirectiveNode[],
  variables: Readonly<Record<string, unknown>>,
): boolean {
  return conditions.every((directive) => {
    const argument = directive.arguments?.find((a) => a.name.value === "if");
    if (!argument) return true;
    const value =
      argument.value.kind === Kind.VARIABLE
        ? variables[argument.value.name.value]
        : argument.value.kind === Kind.BOOLEAN
          ? argument.value.value
          : undefined;
    return directive.name.value === "include" ? value === true : value !== true;
  });
}

/** Removes variable definitions and fragments the operation no longer uses (units validate both). */
export function pruneUnused(document: DocumentNode): DocumentNode {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) return document;
  const fragments = fragmentsOf(document);
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const scan = (node: OperationDefinitionNode | FragmentDefinitionNode) => {
    visit(node, {
      VariableDefinition: () => false,
      Variable: (variable) => {
        usedVariables.add(variable.name.value);
      },
      FragmentSpread: (spread) => {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (usedFragments.has(name) || !fragment) return;
        usedFragments.add(name);
        scan(fragment);
      },
    });
  };
  scan(operation);
  return {
    ...document,
    definitions: document.definitions
      .filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION || usedFragments.has(d.name.value))
      .map((d) =>
        d === operation
          ? {
              ...operation,
              variableDefinitions: operation.variableDefinitions?.filter((v) =>
                usedVariables.has(v.variable.name.value),
              ),
            }
          : d,
      ),
  };
}
