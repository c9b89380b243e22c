import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from "@apollo/server-gateway-interface";
import {
  execute,
  Kind,
  OperationTypeNode,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type SelectionNode,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/** How an operation of a document runs: compiled, or (mutation, subscription, introspection, no compiling it) with graphql-js. */
type Runner = CompiledQuery | "graphql-js";

/**
 * Apollo Server's executor for a subgraph's own schema: queries run as graphql-jit
 * compiles them, everything else with graphql-js. A unit answers the router's same
 * few documents all day; graphql-js walks a document's selections anew on every
 * request (for a page of 50 members, some 300 fields, each through its checks),
 * while graphql-jit turns each document into a function once.
 *
 * Errors stay graphql-js's: a compiled run that reports any error is run again with
 * graphql-js, whose errors (their nodes, paths and codes, which Apollo reads to tell
 * a caller's bad variable from a fault) are the ones answered. A query changes
 * nothing, so running it twice is safe, and errors are the rare path. Mutations and
 * introspection always run on graphql-js, and so does everything in a process
 * that traces (`compile: false`): OpenTelemetry's spans are graphql-js's.
 *
 * A document is compiled the second time it runs, and kept per parsed document —
 * Apollo's document store hands the same object for the same text, and bounds how
 * many there are — and operation.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  { compile = true } = {},
): GatewayInterface & { runs: { compiled: number; graphqlJs: number } } {
  const runners = new WeakMap<DocumentNode, Map<string | null, Runner | "seen once">>();
  const runs = { compiled: 0, graphqlJs: 0 };

  const runnerOf = (request: GatewayGraphQLRequestContext): Runner => {
    const { document, operation } = request;
    const operationName = request.operationName ?? null;
    let byOperation = runners.get(document);
    if (!byOperation) runners.set(document, (byOperation = new Map<string | null, Runner | "seen once">()));
    const known = byOperation.get(operationName);
    if (known !== undefined && known !== "seen once") return known;
    const compilable =
      compile &&
      operation?.operation === OperationTypeNode.QUERY &&
      !selectsIntrospection(operation.selectionSet.selections);
    // Compiled on its second run: a document sent once (a caller's own query) costs no compiling.
    if (compilable && known === undefined) {
      byOperation.set(operationName, "seen once");
      return "graphql-js";
    }
    const runner = compilable ? compiled(document, operationName) : "graphql-js";
    byOperation.set(operationName, runner);
    return runner;
  };

  const compiled = (document: DocumentNode, operationName: string | null): Runner => {
    try {
      const query = compileQuery(schema, document, operationName ?? undefined);
      return isCompiledQuery(query) ? query : "graphql-js";
    } catch {
      return "graphql-js"; // a document graphql-jit cannot compile runs as it always did
    }
  };

  const withGraphqlJs = (request: GatewayGraphQLRequestContext) => {
    runs.graphqlJs++;
    return execute({
      schema,
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      operationName: request.operationName,
    }) as Promise<ExecutionResult> | ExecutionResult;
  };

  const executor: GatewayExecutor = async (request) => {
    const runner = runnerOf(request);
    if (runner === "graphql-js") return withGraphqlJs(request);
    const result = await runner.query(undefined, request.context, request.request.variables ?? {});
    if (result.errors?.length) return withGraphqlJs(request);
    runs.compiled++;
    return result;
  };

  let callbacks: GatewaySchemaLoadOrUpdateCallback[] = [];
  return {
    runs,
    onSchemaLoadOrUpdate(callback): GatewayUnsubscriber {
      callbacks.push(callback);
      return () => void (callbacks = callbacks.filter((c) => c !== callback));
    },
    async load(): Promise<GatewayLoadResult> {
      const coreSupergraphSdl = printSchema(schema);
      for (const callback of callbacks) callback({ apiSchema: schema, coreSupergraphSdl });
      return { executor };
    },
    async stop() {},
  };
}

/** Whether a selection set asks for `__schema` or `__type` at its root (introspection: graphql-js answers it). */
function selectsIntrospection(selections: readonly SelectionNode[]): boolean {
  return selections.some((s) => s.kind === Kind.FIELD && (s.name.value === "__schema" || s.name.value === "__type"));
}
