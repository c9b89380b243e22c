import { GraphQLError, Kind, type ASTNode, type ASTVisitor, type ValidationContext } from "graphql";
import { isRouterName, ROUTER_NAMESPACE } from "@smart/platform";

/**
 * Refuses, at validation (HTTP 400, GRAPHQL_VALIDATION_FAILED), a caller's alias,
 * variable, operation or fragment named in the shard router's reserved namespace:
 * the router's own names would collide with it, and the units trust names there
 * only in what the gateway signs.
 */
export function routerNamespaceRule(context: ValidationContext): ASTVisitor {
  const refuse = (name: string, node: ASTNode) =>
    context.reportError(new GraphQLError(`${JSON.stringify(name)}: names starting with ${ROUTER_NAMESPACE} are reserved for the gateway.`, { nodes: node }));
  return {
    [Kind.FIELD]: (node) => void (node.alias && isRouterName(node.alias.value) && refuse(node.alias.value, node)),
    [Kind.VARIABLE_DEFINITION]: (node) => void (isRouterName(node.variable.name.value) && refuse(node.variable.name.value, node)),
    [Kind.OPERATION_DEFINITION]: (node) => void (node.name && isRouterName(node.name.value) && refuse(node.name.value, node)),
    [Kind.FRAGMENT_DEFINITION]: (node) => void (isRouterName(node.name.value) && refuse(node.name.value, node)),
  };
}
