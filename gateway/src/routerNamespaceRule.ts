import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";
import { reservedNameMessage, reservedNameVisitor } from "@smart/platform";

/**
 * Refuses, at validation (HTTP 400, GRAPHQL_VALIDATION_FAILED), a caller's alias,
 * variable, operation or fragment named in the shard router's reserved namespace:
 * the router's own names would collide with it, and the units trust names there
 * only in what the gateway signs.
 */
export function routerNamespaceRule(context: ValidationContext): ASTVisitor {
  return reservedNameVisitor((name, node) =>
    context.reportError(new GraphQLError(reservedNameMessage(name), { nodes: node })),
  );
}
