import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { ANONYMOUS, createLogger, maskUnexpectedErrors, type Logger, type Viewer } from "@smart/platform";
import { memberRightsTypeDefs } from "@smart/schema";
import type { MemberRightsContext, SubgraphCaller } from "./context.js";
import { memberRightsResolvers } from "./resolvers.js";

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

export interface MemberRightsDataSourceOptions {
  /** The shard router: how a unit, or all nine, are called. */
  national: GraphQLDataSource;
  central: GraphQLDataSource;
  logger?: Logger;
}

export function buildMemberRightsSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: memberRightsTypeDefs(), resolvers: memberRightsResolvers as GraphQLResolverMap<unknown> });
}

/**
 * The member-rights subgraph, executed inside the gateway (like the references
 * subgraph): it calls the units through the shard router and central through its
 * data source, as the caller (their Authorization, every call signed).
 */
export class MemberRightsDataSource implements GraphQLDataSource {
  private readonly schema = buildMemberRightsSchema();
  private readonly maskError: ReturnType<typeof maskUnexpectedErrors>;
  private readonly validated = new WeakSet<DocumentNode>();
  private readonly parsed = new Map<string, DocumentNode>();

  constructor(private readonly options: MemberRightsDataSourceOptions) {
    this.maskError = maskUnexpectedErrors(options.logger ?? createLogger("memberRights"));
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
    const context: MemberRightsContext = { viewer: viewerOf(fetch.context), call: this.callerFor(fetch) };
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: request.variables ?? {},
      ...(request.operationName ? { operationName: request.operationName } : {}),
      contextValue: context,
    });
    const errors = (result.errors ?? []).map((error) => this.maskError(error.toJSON(), error));
    return errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }

  /** The caller's fetch with our request: the router and central forward its Authorization from there. */
  private callerFor(fetch: GraphQLDataSourceProcessOptions): SubgraphCaller {
    return (target, query, variables) => {
      const request = { query, variables };
      if (target === "central") {
        const { document: _planned, ...rest } = fetch as GraphQLDataSourceProcessOptions & { document?: DocumentNode };
        return this.options.central.process({ ...rest, request } as GraphQLDataSourceProcessOptions);
      }
      let document = this.parsed.get(query);
      if (!document) this.parsed.set(query, (document = parse(query)));
      return this.options.national.process({ ...fetch, request, document } as GraphQLDataSourceProcessOptions);
    };
  }
}

function viewerOf(context: Record<string, unknown> | undefined): Viewer {
  const viewer = context?.viewer as Viewer | undefined;
  return viewer && typeof viewer.role === "string" ? viewer : ANONYMOUS;
}
