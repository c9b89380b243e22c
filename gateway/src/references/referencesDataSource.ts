import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { ANONYMOUS, createLogger, languageFromAcceptLanguage, maskUnexpectedErrors, type Logger, type Viewer } from "@smart/platform";
import { brusselsToday } from "../indicators/brusselsToday.js";
import { computeFigures, type Figures } from "../indicators/figures.js";
import type { ReferencesContext } from "./context.js";
import { createMemberBookingsLoader } from "./memberBookings.js";
import { buildReferencesSchema } from "./referencesSchema.js";

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

export interface ReferencesDataSourceOptions {
  /** The national subgraph's data source (the shard router): where `Member.bookings` fans out. */
  national: GraphQLDataSource;
  /** The central office's data source: where the indicators read Smart In Progress. */
  central: GraphQLDataSource;
  /** The Authorization the indicators' own queries carry (indicators/serviceAuthorization.ts). */
  indicatorsAuthorization: () => Promise<string>;
  logger?: Logger;
  /** Defaults to the schema of schema/references.graphql. */
  schema?: GraphQLSchema;
}

/**
 * The `references` subgraph, executed inside the gateway: no network hop. Like
 * @apollo/gateway's LocalGraphQLDataSource, plus what that one lacks: the
 * caller (the gateway's verified viewer, and the incoming request, whose
 * Authorization the router forwards to the units) and partial answers (a list
 * that lacks a unit's part comes with that unit's SHARD_UNAVAILABLE error).
 */
export class ReferencesDataSource implements GraphQLDataSource {
  private readonly schema: GraphQLSchema;
  private readonly maskError: ReturnType<typeof maskUnexpectedErrors>;
  // The planner's fetch documents are cached with its plans: validated once each.
  private readonly validated = new WeakSet<DocumentNode>();

  constructor(private readonly options: ReferencesDataSourceOptions) {
    this.schema = options.schema ?? buildReferencesSchema();
    this.maskError = maskUnexpectedErrors(options.logger ?? createLogger("references"));
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
    let figures: Promise<Figures> | undefined;
    const today = brusselsToday();
    const incoming = "incomingRequestContext" in fetch ? fetch.incomingRequestContext.request.http?.headers : undefined;
    const context: ReferencesContext = {
      viewer: viewerOf(fetch.context),
      memberBookings: createMemberBookingsLoader(this.options.national, fetch),
      figures: () =>
        (figures ??= computeFigures({ national: this.options.national, central: this.options.central, authorization: this.options.indicatorsAuthorization }, fetch, today)),
      today,
      lang: languageFromAcceptLanguage(incoming?.get("accept-language")),
      partialErrors: [],
    };
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: request.variables ?? {},
      ...(request.operationName ? { operationName: request.operationName } : {}),
      contextValue: context,
    });
    const errors = [...(result.errors ?? []).map((error) => this.maskError(error.toJSON(), error)), ...context.partialErrors];
    return errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }
}

/** The viewer the gateway's context holds (server.ts verifies the token); anonymous outside a request. */
function viewerOf(context: Record<string, unknown> | undefined): Viewer {
  const viewer = context?.viewer as Viewer | undefined;
  return viewer && typeof viewer.role === "string" ? viewer : ANONYMOUS;
}
