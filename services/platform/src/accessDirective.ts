import { MapperKind, getDirective, mapSchema } from "@graphql-tools/utils";
import {
  defaultFieldResolver,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from "graphql";
import type { Viewer } from "./auth.js";

export type AccessRule = "PUBLIC" | "SIGNED_IN" | "UNIT_READERS" | "OWNER" | "UNIT_STAFF" | "UNIT_STAFF_OR_SELF";

/** Decides one rule for one field: the parent object, the field's arguments and the caller. */
export type AccessPolicy<TContext> = (
  rule: AccessRule,
  request: { parent: unknown; args: Record<string, unknown>; context: TContext; info?: GraphQLResolveInfo },
) => boolean;

export const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: "FORBIDDEN" } });

export const unauthenticatedForField = (message: string) =>
  new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED" } });

/**
 * Wraps every field carrying `@access(rule:)` so that its resolver runs only when
 * `policy` allows it: an anonymous caller is told to sign in (UNAUTHENTICATED), a
 * signed-in one that they may not (FORBIDDEN). The field is then null; with the
 * guarded fields nullable, only that field is lost.
 */
export function enforceAccessDirective<TContext extends { viewer: Viewer }>(
  schema: GraphQLSchema,
  policy: AccessPolicy<TContext>,
): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const rule = getDirective(schema, field, "access")?.[0]?.rule as AccessRule | undefined;
      if (!rule || rule === "PUBLIC") return field;
      const resolve: GraphQLFieldResolver<unknown, TContext> = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve(parent, args: Record<string, unknown>, context: TContext, info) {
          if (!policy(rule, { parent, args, context, info })) {
            if (context.viewer.role === "anonymous")
              throw unauthenticatedForField(`Sign in to see ${typeName}.${fieldName}.`);
            throw forbidden(`You may not ${typeName === "Mutation" ? "call" : "see"} ${typeName}.${fieldName} here.`);
          }
          return resolve(parent, args, context, info);
        },
      };
    },
  });
}
