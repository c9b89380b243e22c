import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import {
  Kind,
  OperationTypeNode,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type GraphQLFormattedError,
} from "graphql";
import { graphqlError, ErrorCode, type AccessRule, type CountryCode, type Viewer } from "@smart/platform";
import type { FieldPlan } from "./fieldPlan.js";
import type { AdmittedUnits } from "./routing.js";

const RULES: readonly AccessRule[] = [
  "PUBLIC",
  "SIGNED_IN",
  "UNIT_READERS",
  "OWNER",
  "UNIT_STAFF",
  "UNIT_STAFF_OR_SELF",
];

/** `@access(rule:)` of each root query field, read from the supergraph SDL (the API schema drops it). */
export function readRootAccessRules(supergraphSdl: string | DocumentNode): ReadonlyMap<string, AccessRule> {
  const document = typeof supergraphSdl === "string" ? parse(supergraphSdl) : supergraphSdl;
  let queryType = "Query";
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    const query = definition.operationTypes?.find((t) => t.operation === OperationTypeNode.QUERY);
    if (query) queryType = query.type.name.value;
  }
  const rules = new Map<string, AccessRule>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (definition.name.value !== queryType) continue;
    for (const field of definition.fields ?? []) {
      const argument = field.directives
        ?.find((d) => d.name.value === "access")
        ?.arguments?.find((a) => a.name.value === "rule");
      const rule = argument ? valueFromASTUntyped(argument.value) : undefined;
      if (rule === undefined) continue;
      if (!RULES.includes(rule as AccessRule))
        throw new Error(`@access on ${queryType}.${field.name.value}: unknown rule ${JSON.stringify(rule)}`);
      rules.set(field.name.value, rule as AccessRule);
    }
  }
  return rules;
}

/**
 * The units whose answer to a field under `rule` the caller may read, judged by
 * the caller alone (the units judge the rest: OWNER and UNIT_STAFF_OR_SELF also
 * depend on the record or the arguments, so they count as every unit here), among
 * the units admitted.
 */
export function unitsReadable(rule: AccessRule, viewer: Viewer, units: AdmittedUnits): readonly CountryCode[] {
  if (rule === "PUBLIC") return units;
  switch (viewer.role) {
    case "anonymous":
      return [];
    case "central_office":
      return rule === "UNIT_STAFF" ? [] : units;
    case "member":
      return rule === "UNIT_STAFF" ? [] : rule === "UNIT_READERS" ? [viewer.unit] : units;
    case "unit_staff":
      return rule === "UNIT_READERS" || rule === "UNIT_STAFF" ? [viewer.unit] : units;
    case "service":
      // The gateway's own work: each unit judges the fields it may use (its backlog, fanned out, is SIGNED_IN).
      return rule === "SIGNED_IN" ? units : [];
  }
}

const ROLE_NAMES = { member: "a member", unit_staff: "staff", central_office: "the central office" } as const;

/**
 * Refuses, before any unit is called, a fan-out the caller may not have: a
 * Europe-wide list asked for by someone who may read one unit only would
 * otherwise come back as that unit's page plus one FORBIDDEN per other unit,
 * which a client's default error policy throws away whole. One error instead,
 * naming the fix (`pass country: BE`). Single-unit fields are left to the unit.
 */
export class FanoutScope {
  private readonly rules: ReadonlyMap<string, AccessRule>;

  constructor(supergraphSdl: string | DocumentNode) {
    this.rules = readRootAccessRules(supergraphSdl);
  }

  /** The plan, or a plan answering the field with one error when the caller may not read every unit it names. */
  check(
    plan: FieldPlan,
    fetch: GraphQLDataSourceProcessOptions,
    operationType: "query" | "mutation",
    units: AdmittedUnits,
  ): FieldPlan {
    if (plan.kind !== "fanout" || operationType !== "query") return plan;
    const viewer = viewerOf(fetch);
    const rule = this.rules.get(plan.field.fieldName);
    if (!viewer || !rule) return plan;
    const readable = new Set(unitsReadable(rule, viewer, units));
    if (plan.units.every((unit) => readable.has(unit))) return plan;
    const error = refusal(plan, rule, viewer, [...readable], units);
    return { field: plan.field, kind: "done", value: null, errors: [{ ...error, path: [plan.field.responseKey] }] };
  }
}

function refusal(
  plan: Extract<FieldPlan, { kind: "fanout" }>,
  rule: AccessRule,
  viewer: Viewer,
  readable: CountryCode[],
  units: AdmittedUnits,
): GraphQLFormattedError {
  const field = `Query.${plan.field.fieldName}`;
  if (viewer.role === "anonymous") return graphqlError(ErrorCode.UNAUTHENTICATED, `Sign in to see ${field}.`).toJSON();
  const by = plan.field.rule?.by.join(".") ?? "country";
  const asked =
    plan.units.length === units.length ? `without \`${by}\` asks every unit` : `asks ${plan.units.join(", ")}`;
  const who =
    viewer.role === "central_office"
      ? ROLE_NAMES.central_office
      : viewer.role === "service"
        ? `the gateway's ${viewer.work} work`
        : `${ROLE_NAMES[viewer.role]} of the ${viewer.unit} unit`;
  if (readable.length === 1) {
    const unit = readable[0]!;
    return graphqlError(
      ErrorCode.FORBIDDEN,
      `${field} ${asked}, and ${who} may read ${unit} only: pass ${by}: ${unit}.`,
      {
        argumentName: by,
        allowedCountries: readable,
      },
    ).toJSON();
  }
  return graphqlError(ErrorCode.FORBIDDEN, `${field} ${asked}, and ${who} may not see it (${rule}).`).toJSON();
}

/** The caller the gateway verified (server.ts puts it in the context); undefined outside a gateway request. */
function viewerOf(fetch: GraphQLDataSourceProcessOptions): Viewer | undefined {
  const viewer = (fetch.context as { viewer?: Viewer } | undefined)?.viewer;
  return viewer && typeof viewer.role === "string" ? viewer : undefined;
}
