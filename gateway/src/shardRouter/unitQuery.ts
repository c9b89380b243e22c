import {
  getNamedType,
  getVariableValues,
  isEnumType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type EnumValueNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { graphqlError, ErrorCode, type CountryCode } from "@smart/platform";
import { pruneUnused, responseKeyOf } from "./selections.js";

type Json = Record<string, unknown>;

const COUNTRY_CODE = "CountryCode";

/** A field of the fetch that the unit does not serve: left out of its call, null in its rows. */
export interface LackedField {
  /** `Member.initials`. */
  coordinate: string;
  /** The root field it sits under; undefined inside a named fragment (the error then has no path). */
  rootKey?: string;
}

/** An argument the unit does not take: left out of its call while the request gives it no value. */
interface DroppedArgument {
  /** `Query.members(orderBy:)`. */
  coordinate: string;
  value: ValueNode;
}

/** A fetch as one unit, whose schema differs from the gateway's, is sent it. */
export interface UnitQuery {
  /** The text sent: the fetch without what the unit lacks (the same text when it lacks nothing). */
  query: string;
  lacked: readonly LackedField[];
  dropped: readonly DroppedArgument[];
  /** Why the unit cannot take this text at all (a literal enum value or input field it lacks): refused before any call. */
  invalid: readonly string[];
  operation: OperationDefinitionNode | undefined;
}

/**
 * Writes `text` (a fetch valid against `gatewaySchema`, the national subgraph this
 * gateway was built with) for a unit serving `unitSchema`: fields the unit does not
 * serve are left out (a selection left empty asks `__typename`), arguments it does
 * not take are left out (the call is refused if the request gives them a value:
 * refusalOf). What is left is validated against the unit's schema.
 */
export function adaptQuery(gatewaySchema: GraphQLSchema, unitSchema: GraphQLSchema, text: string): UnitQuery {
  const document = parse(text);
  const typeInfo = new TypeInfo(gatewaySchema);
  const lacked = new Map<string, LackedField>();
  const dropped: DroppedArgument[] = [];
  const rootKeyOf = (ancestors: readonly (ASTNode | readonly ASTNode[])[]): string | undefined => {
    // The operation's root selection set is ancestors[3]; the root field, ancestors[5] (document, definitions, operation, set, selections, field).
    const operation = ancestors[2];
    if (!operation || Array.isArray(operation) || (operation as ASTNode).kind !== Kind.OPERATION_DEFINITION)
      return undefined;
    const root = ancestors[5];
    return root && !Array.isArray(root) && (root as ASTNode).kind === Kind.FIELD
      ? responseKeyOf(root as never)
      : undefined;
  };
  const unitFields = (typeName: string) => {
    const type = unitSchema.getType(typeName);
    return isObjectType(type) || isInterfaceType(type) ? type.getFields() : undefined;
  };
  const codeIsEnum = isEnumType(unitSchema.getType(COUNTRY_CODE));
  let rewritten = false;
  const adapted = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node, _key, _parent, _path, ancestors) {
          const parent = typeInfo.getParentType();
          const name = node.name.value;
          if (!parent || name.startsWith("__")) return undefined;
          if (unitFields(parent.name)?.[name]) return undefined;
          const coordinate = `${parent.name}.${name}`;
          const rootKey =
            parent === gatewaySchema.getQueryType() || parent === gatewaySchema.getMutationType()
              ? responseKeyOf(node)
              : rootKeyOf(ancestors);
          lacked.set(`${coordinate} ${rootKey ?? ""}`, { coordinate, ...(rootKey !== undefined ? { rootKey } : {}) });
          return null;
        },
      },
      Argument: {
        enter(node) {
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          // A directive's argument (the router's @include) is the directive's, not the field's.
          if (!field || !parent || typeInfo.getDirective()) return undefined;
          const unitField = unitFields(parent.name)?.[field.name];
          if (!unitField || unitField.args.some((arg) => arg.name === node.name.value)) return undefined;
          dropped.push({ coordinate: `${parent.name}.${field.name}(${node.name.value}:)`, value: node.value });
          return null;
        },
      },
      // A unit of a release before units became data takes its code as an enum literal (unitSchemaCheck.ts).
      StringValue(node): EnumValueNode | undefined {
        const type = typeInfo.getInputType();
        if (!type || getNamedType(type).name !== COUNTRY_CODE || !codeIsEnum) return undefined;
        rewritten = true;
        return { kind: Kind.ENUM, value: node.value };
      },
      SelectionSet: {
        leave(node): SelectionSetNode | undefined {
          return node.selections.length
            ? undefined
            : { ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } }] };
        },
      },
    }),
  );
  const sent = pruneUnused(adapted);
  const operation = sent.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return {
    query: lacked.size || dropped.length || rewritten ? print(sent) : text,
    lacked: [...lacked.values()],
    dropped,
    invalid: validate(unitSchema, sent).map((error) => error.message),
    operation,
  };
}

/**
 * Why `unit` cannot be called with `variables` for this fetch, or undefined: an
 * argument it does not take given a value, a literal it does not know, or a
 * variable's value (an input field, an enum value) its schema refuses.
 */
export function refusalOf(
  unit: CountryCode,
  unitSchema: GraphQLSchema,
  query: UnitQuery,
  variables: Json,
): GraphQLFormattedError | undefined {
  const reasons = [...query.invalid];
  for (const argument of query.dropped) {
    const given =
      argument.value.kind === Kind.VARIABLE
        ? variables[argument.value.name.value] != null
        : argument.value.kind !== Kind.NULL;
    if (given) reasons.push(`it does not take ${argument.coordinate}`);
  }
  if (!reasons.length && query.operation?.variableDefinitions?.length) {
    const coerced = getVariableValues(unitSchema, query.operation.variableDefinitions, variables);
    if (coerced.errors) reasons.push(...coerced.errors.map((error) => error.message));
  }
  if (!reasons.length) return undefined;
  return graphqlError(
    ErrorCode.UNIT_LACKS_INPUT,
    `The ${unit} unit does not serve what this request asks of it yet (${reasons.join("; ")}); nothing was asked of any unit. Ask without it, or of other units.`,
    { unit, reasons },
  ).toJSON();
}

/** The one error per field `unit` lacks: its rows hold null there. */
export function lackedFieldErrors(unit: CountryCode, query: UnitQuery): GraphQLFormattedError[] {
  return query.lacked.map((lacked) => ({
    ...graphqlError(
      ErrorCode.UNIT_LACKS_FIELD,
      `The ${unit} unit does not serve ${lacked.coordinate} yet: it is null in ${unit}'s rows.`,
      {
        unit,
        field: lacked.coordinate,
      },
    ).toJSON(),
    ...(lacked.rootKey !== undefined ? { path: [lacked.rootKey] } : {}),
  }));
}
