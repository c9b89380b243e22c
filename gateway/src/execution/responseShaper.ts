import {
  getNamedType,
  GraphQLBoolean,
  GraphQLError,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  typeFromAST,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLLeafType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

type Json = Record<string, unknown>;
type Variables = Readonly<Record<string, unknown>>;
type Path = (string | number)[];

/** `@skip(if:)` / `@include(if:)`: a literal, or a variable's name. */
type Condition = { skip: boolean; value: boolean } | { skip: boolean; variable: string };

type Selection =
  | { kind: "typename"; responseName: string; conditions: readonly Condition[] }
  | { kind: "field"; responseName: string; conditions: readonly Condition[]; type: GraphQLOutputType; selections?: readonly Selection[] }
  | { kind: "fragment"; typeCondition: GraphQLCompositeType | undefined; conditions: readonly Condition[]; selections: readonly Selection[] };

/** Shapes the data of a plan's fetches into the operation's answer. */
export interface ResponseShaper {
  shape(input: Json | null | undefined, variables: Variables): { data: Json | null; errors: GraphQLError[] };
}

/** Why an operation is not shaped here (the caller leaves it to @apollo/gateway). */
export class UnshapeableOperation extends Error {
  override name = "UnshapeableOperation";
}

const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

/**
 * The last step of a query plan — the fetched data cut to the operation's
 * selections, in their order, with aliases, `__typename`, fragments, `@skip` and
 * `@include`, and null propagation with its errors — compiled once per operation
 * from the graphql-js API schema. @apollo/gateway does the same (resultShaping.ts,
 * `computeResponse`) by walking a federation Operation it rebuilds from the
 * document on every request; this is the same walk over selections resolved in
 * advance. Same errors, same messages, same order.
 *
 * Throws UnshapeableOperation for what it leaves to @apollo/gateway: introspection
 * (`__schema`, `__type`) and `@defer`.
 */
export function compileResponseShaper(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): ResponseShaper {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (operationName === null || d.name?.value === operationName),
  );
  if (!operation) throw new UnshapeableOperation("no such operation");
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new UnshapeableOperation(`no ${operation.operation} root`);
  const defaults: Json = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue && definition.defaultValue.kind === Kind.BOOLEAN) defaults[definition.variable.name.value] = definition.defaultValue.value;
  }
  const selections = compileSelections(schema, rootType, operation.selectionSet, fragments, new Set());
  const walker = new Walker(schema);
  return {
    shape(input, variables) {
      const errors: GraphQLError[] = [];
      if (!input) return { data: input ?? null, errors };
      const data: Json = Object.create(null) as Json;
      const ok = walker.applySelections(input, selections, data, { variables: { ...defaults, ...variables }, errors, path: [] }, rootType);
      return { data: ok ? data : null, errors };
    },
  };
}

function conditionsOf(directives: readonly DirectiveNode[] | undefined): Condition[] {
  const conditions: Condition[] = [];
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === "defer") throw new UnshapeableOperation("@defer");
    if (name !== "skip" && name !== "include") continue;
    const value = directive.arguments?.find((a) => a.name.value === "if")?.value;
    if (value?.kind === Kind.VARIABLE) conditions.push({ skip: name === "skip", variable: value.name.value });
    else if (value?.kind === Kind.BOOLEAN) conditions.push({ skip: name === "skip", value: value.value });
  }
  return conditions;
}

function compileSelections(
  schema: GraphQLSchema,
  parentType: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  spreading: ReadonlySet<string>,
): Selection[] {
  const compiled: Selection[] = [];
  for (const node of selectionSet.selections) {
    const conditions = conditionsOf(node.directives);
    if (node.kind === Kind.FIELD) {
      const fieldName = node.name.value;
      const responseName = node.alias?.value ?? fieldName;
      if (fieldName === "__typename") {
        compiled.push({ kind: "typename", responseName, conditions });
        continue;
      }
      if (INTROSPECTION_FIELDS.has(fieldName)) throw new UnshapeableOperation("introspection");
      if (!("getFields" in parentType)) throw new UnshapeableOperation(`field on union ${parentType.name}`);
      const field = parentType.getFields()[fieldName];
      if (!field) throw new UnshapeableOperation(`no field ${parentType.name}.${fieldName}`);
      const named = getNamedType(field.type);
      compiled.push({
        kind: "field",
        responseName,
        conditions,
        type: field.type,
        ...(node.selectionSet && isCompositeType(named) ? { selections: compileSelections(schema, named, node.selectionSet, fragments, spreading) } : {}),
      });
    } else {
      const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : fragments.get(node.name.value);
      if (!fragment) throw new UnshapeableOperation("unknown fragment");
      if (node.kind === Kind.FRAGMENT_SPREAD && spreading.has(node.name.value)) throw new UnshapeableOperation("fragment cycle");
      const condition = fragment.typeCondition ? typeFromAST(schema, fragment.typeCondition) : undefined;
      if (fragment.typeCondition && !isCompositeType(condition)) throw new UnshapeableOperation("fragment on a type the schema lacks");
      const typeCondition = condition as GraphQLCompositeType | undefined;
      const inner = node.kind === Kind.FRAGMENT_SPREAD ? new Set([...spreading, node.name.value]) : spreading;
      compiled.push({
        kind: "fragment",
        typeCondition,
        conditions,
        selections: compileSelections(schema, typeCondition ?? parentType, fragment.selectionSet, fragments, inner),
      });
    }
  }
  return compiled;
}

interface Run {
  variables: Variables;
  errors: GraphQLError[];
  path: Path;
}

type Update = { updated: unknown; isInvalid?: boolean; hasErrors?: boolean };

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** The walk of @apollo/gateway's resultShaping.ts, over compiled selections. */
class Walker {
  private readonly subtypes = new Map<string, boolean>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** False when a null bubbles up past this object. */
  applySelections(input: Json, selections: readonly Selection[], output: Json, run: Run, parentType: GraphQLCompositeType): boolean {
    for (const selection of selections) {
      if (skipped(selection.conditions, run.variables)) continue;
      if (selection.kind === "typename") {
        if (output[selection.responseName] !== undefined) continue;
        let value = Object.hasOwn(input, selection.responseName) ? (input[selection.responseName] ?? null) : null;
        if (value === null && selection.responseName !== "__typename") value = input.__typename ?? null;
        const type = typeof value === "string" ? (this.schema.getType(value) ?? parentType) : parentType;
        if (!isObjectType(type)) return false;
        output[selection.responseName] = type.name;
      } else if (selection.kind === "field") {
        const name = selection.responseName;
        const value = Object.hasOwn(input, name) ? (input[name] ?? null) : null;
        run.path.push(name);
        const { updated, isInvalid } = this.update(output[name], selection.type, value, selection.selections, run, parentType);
        output[name] = updated;
        run.path.pop();
        if (isInvalid) return false;
      } else {
        const typename = input.__typename;
        if (this.applies(selection.typeCondition, typeof typename === "string" ? typename : undefined, parentType)) {
          if (!this.applySelections(input, selection.selections, output, run, selection.typeCondition ?? parentType)) return false;
        }
      }
    }
    return true;
  }

  private update(
    outputValue: unknown,
    type: GraphQLOutputType,
    inputValue: unknown,
    selections: readonly Selection[] | undefined,
    run: Run,
    parentType: GraphQLCompositeType,
  ): Update {
    if (outputValue === null || (outputValue !== undefined && !selections)) return { updated: outputValue };
    if (isNonNullType(type)) {
      const inner = this.update(outputValue, type.ofType, inputValue, selections, run, parentType);
      if (inner.updated === null) {
        if (!inner.hasErrors) run.errors.push(invalid(`Cannot return null for non-nullable ${describe(run.path, type.ofType, parentType)}.`, run.path));
        return { updated: null, isInvalid: true, hasErrors: true };
      }
      return { updated: inner.updated };
    }
    if (inputValue === null) return { updated: null };
    if (isListType(type)) {
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value returned by subgraph for list type ${String(type)}`);
      const outputs = outputValue === undefined ? new Array<unknown>(inputValue.length).fill(undefined) : (outputValue as unknown[]);
      let nullify = false;
      let hasErrors = false;
      const updated = outputs.map((element, index) => {
        run.path.push(index);
        const item = this.update(element, type.ofType, inputValue[index], selections, run, parentType);
        run.path.pop();
        nullify ||= Boolean(item.isInvalid);
        hasErrors ||= Boolean(item.hasErrors);
        return item.updated;
      });
      return { updated: nullify ? null : updated, hasErrors };
    }
    if (isCompositeType(type)) {
      if (typeof inputValue !== "object" || !selections) throw new Error(`Invalid non-object value returned by subgraph for composite type ${type.name}`);
      const object = inputValue as Json;
      let objectType: GraphQLCompositeType = type;
      if (object.__typename !== undefined) {
        const named = typeof object.__typename === "string" ? this.schema.getType(object.__typename) : undefined;
        if (!named || !isCompositeType(named)) {
          run.errors.push(invalid(`Invalid __typename found for object at ${describe(run.path, type, parentType)}.`, run.path));
          return { updated: null, hasErrors: true };
        }
        objectType = named;
      }
      const output = (outputValue ?? Object.create(null)) as Json;
      const ok = this.applySelections(object, selections, output, run, objectType);
      return { updated: ok ? output : null, hasErrors: !ok };
    }
    const valid = isValidLeafValue(type, inputValue);
    if (!valid) run.errors.push(invalid(`Invalid value found for ${describe(run.path, type, parentType)}.`, run.path));
    return { updated: valid ? inputValue : null, hasErrors: !valid };
  }

  /** federation-internals' isSubtype(condition, the object's type): the same type, or an object or interface of an abstract condition. */
  private applies(condition: GraphQLCompositeType | undefined, typename: string | undefined, parentType: GraphQLCompositeType): boolean {
    if (!condition) return true;
    const runtime = typename ?? parentType.name;
    const key = `${condition.name}\u0000${runtime}`;
    let applies = this.subtypes.get(key);
    if (applies === undefined) {
      const type = typename === undefined ? parentType : this.schema.getType(typename);
      applies =
        type !== undefined &&
        (type.name === condition.name ||
          ((isObjectType(type) || isInterfaceType(type)) && isAbstractType(condition) && this.schema.isSubType(condition, type)));
      this.subtypes.set(key, applies);
    }
    return applies;
  }
}

function skipped(conditions: readonly Condition[], variables: Variables): boolean {
  for (const condition of conditions) {
    const value = "value" in condition ? condition.value : variables[condition.variable];
    if (typeof value !== "boolean") throw new Error(`Unexpected value ${String(value)} for the condition of a selection`);
    if (condition.skip === value) return true;
  }
  return false;
}

const BUILT_IN_SCALARS = new Set([GraphQLBoolean.name, GraphQLInt.name, GraphQLFloat.name, GraphQLString.name, GraphQLID.name]);

/** Each leaf type's check, made once. */
const leafChecks = new WeakMap<GraphQLLeafType, (value: unknown) => boolean>();

/** federation-internals' isValidLeafValue over graphql-js types: custom scalars take anything, enums only the API's values. */
function isValidLeafValue(type: GraphQLOutputType, value: unknown): boolean {
  const leaf = type as GraphQLLeafType;
  let check = leafChecks.get(leaf);
  if (!check) leafChecks.set(leaf, (check = leafCheckOf(leaf)));
  return check(value);
}

function leafCheckOf(leaf: GraphQLLeafType): (value: unknown) => boolean {
  if (isScalarType(leaf) && !BUILT_IN_SCALARS.has(leaf.name)) return () => true;
  const name = leaf.name;
  const integral = name === GraphQLInt.name || name === GraphQLID.name;
  const numeric = name === GraphQLBoolean.name || name === GraphQLInt.name || name === GraphQLFloat.name;
  return (value) => {
    if (typeof value === "boolean") return name === GraphQLBoolean.name;
    if (typeof value === "number" && Number.isFinite(value)) return integral ? INTEGER.test(String(value)) : name === GraphQLFloat.name;
    if (typeof value === "string") return isEnumType(leaf) ? leaf.getValue(value) !== undefined : !numeric;
    return false;
  };
}

function describe(path: Path, type: GraphQLOutputType, parentType: GraphQLCompositeType): string {
  const last = path[path.length - 1];
  return typeof last === "string" ? `field ${parentType.name}.${last}` : `array element of type ${String(type)} at index ${String(last)}`;
}

/** federation-internals' INVALID_GRAPHQL error, which the gateway reports as `extensions.valueCompletion`. */
function invalid(message: string, path: Path): GraphQLError {
  return new GraphQLError(message, { path: [...path], extensions: { code: "INVALID_GRAPHQL" } });
}
