import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { execute, parse, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { ANONYMOUS, maskUnexpectedErrors, type Logger, type Viewer } from "@smart/platform";

export type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/**
 * A subgraph executed inside the gateway: no network hop. Like @apollo/gateway's
 * LocalGraphQLDataSource, plus what that one lacks: the caller (the gateway's
 * verified viewer, and the incoming fetch, whose context names the caller to the
 * units), masking of unexpected errors, and partial answers (errors the
 * resolvers collected beside their data, e.g. a unit's SHARD_UNAVAILABLE).
 */
export abstract class InProcessSubgraph<TContext> implements GraphQLDataSource {
  private readonly maskError: ReturnType<typeof maskUnexpectedErrors>;
  // The planner's fetch documents are cached with its plans: validated once each.
  private readonly validated = new WeakSet<DocumentNode>();

  protected constructor(
    private readonly schema: GraphQLSchema,
    logger: Logger,
  ) {
    this.maskError = maskUnexpectedErrors(logger);
  }

  /** The resolvers' context for one fetch. */
  protected abstract contextFor(fetch: GraphQLDataSourceProcessOptions): TContext;

  /** Errors the resolvers collected beside their data, sent after the execution's own. */
  protected partialErrors(_context: TContext): readonly GraphQLFormattedError[] {
    return [];
  }

  async process(fetch: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    const { request } = fetch;
    let document: DocumentNode;
    try {
      document = ("document" in fetch ? fetch.document : undefined) ?? parse(request.query ?? "");
    } catch (error) {
      return { errors: [this.maskError({ message: String(error) }, error)] };
    }
    if (!this.validated.has(document)) {
      const invalid = validate(this.schema, document);
      if (invalid.length) return { errors: invalid.map((error) => error.toJSON()) };
      this.validated.add(document);
    }
    const context = this.contextFor(fetch);
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: request.variables ?? {},
      ...(request.operationName ? { operationName: request.operationName } : {}),
      contextValue: context,
    });
    const errors = [
      ...(result.errors ?? []).map((error) => this.maskError(error.toJSON(), error)),
      ...this.partialErrors(context),
    ];
    return errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }
}

/** The viewer the gateway's context holds (server.ts verifies the token); anonymous outside a request. */
export function viewerOf(context: Record<string, unknown> | undefined): Viewer {
  const viewer = context?.viewer as Viewer | undefined;
  return viewer && typeof viewer.role === "string" ? viewer : ANONYMOUS;
}
