import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import { Kind, valueFromASTUntyped, visit, type GraphQLSchema } from "graphql";
import { createLogger, languageFromAcceptLanguage, type Logger } from "@smart/platform";
import type { FetchSite, PricedDataSource } from "../fetchPricing.js";
import { brusselsToday } from "../indicators/brusselsToday.js";
import { computeFigures, type Figures } from "../indicators/figures.js";
import { InProcessSubgraph, viewerOf } from "../inProcessSubgraph.js";
import type { ReferencesContext } from "./context.js";
import { createMemberBookingsLoader, MEMBERS_PER_CALL } from "./memberBookings.js";
import { buildReferencesSchema } from "./referencesSchema.js";
import type { Units } from "../unitDirectory/index.js";

export interface ReferencesDataSourceOptions {
  /** The national subgraph's data source (the shard router): where `Member.bookings` fans out. */
  national: GraphQLDataSource;
  /** The central office's data source: where the indicators read Smart In Progress. */
  central: GraphQLDataSource;
  /** The units admitted (the unit directory): what a fan-out costs, and the indicators per unit. */
  units: Pick<Units, "units">;
  logger?: Logger;
  /** Defaults to the schema of schema/references.graphql. */
  schema?: GraphQLSchema;
}

/**
 * The `references` subgraph, executed inside the gateway: cross-unit fields and the
 * budget priorities' indicators. A list that lacks a unit's part comes with that
 * unit's SHARD_UNAVAILABLE error (`partialErrors`).
 */
export class ReferencesDataSource extends InProcessSubgraph<ReferencesContext> implements PricedDataSource {
  constructor(private readonly options: ReferencesDataSourceOptions) {
    super(options.schema ?? buildReferencesSchema(), options.logger ?? createLogger("references"));
  }

  protected contextFor(fetch: GraphQLDataSourceProcessOptions): ReferencesContext {
    let figures: Promise<Figures> | undefined;
    const today = brusselsToday();
    const units = this.options.units.units();
    const incoming = "incomingRequestContext" in fetch ? fetch.incomingRequestContext.request.http?.headers : undefined;
    return {
      viewer: viewerOf(fetch.context),
      memberBookings: createMemberBookingsLoader(this.options.national, fetch),
      figures: () =>
        (figures ??= computeFigures(
          { national: this.options.national, central: this.options.central },
          fetch,
          today,
          units,
        )),
      units,
      today,
      lang: languageFromAcceptLanguage(incoming?.get("accept-language")),
      partialErrors: [],
    };
  }

  /** `Member.bookings` fans out to every unit once per MEMBERS_PER_CALL members and date range; the rest costs no unit. */
  unitCallsOfFetch(fetch: FetchNode, site: FetchSite): number {
    const ranges = new Set<string>();
    visit(fetch.operationDocumentNode!, {
      [Kind.FIELD]: (node) => {
        if (node.name.value !== "bookings") return;
        const args = Object.fromEntries(
          (node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, site.variables) ?? null]),
        );
        ranges.add(JSON.stringify([args.from ?? null, args.to ?? null]));
      },
    });
    if (!ranges.size) return 0;
    return Math.ceil((site.items() * ranges.size) / MEMBERS_PER_CALL) * this.options.units.units().length;
  }

  protected override partialErrors(context: ReferencesContext) {
    return context.partialErrors;
  }
}
