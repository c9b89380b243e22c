import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import type { FetchSite, PricedDataSource } from "../fetchPricing.js";
import {
  Kind,
  OperationTypeNode,
  parse,
  print,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
} from "graphql";
import { countryOfId, type Viewer } from "@smart/platform";
import { CurrentMemberIdDocument } from "../__generated__/national-operations.js";
import { viewerOf } from "../inProcessSubgraph.js";
import { onlyLacksFields } from "../stepRunner/index.js";
import { MAX_MOVES_FOLLOWED, withIdsReplaced } from "./followMoves.js";

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

const CURRENT_ID = print(CurrentMemberIdDocument);

/**
 * The `national` data source, checking a member who books a desk in another
 * unit's workspace in their own unit first: that unit alone knows whether they
 * are a current member (`currentMemberId`). An erased, departed or unknown ID is
 * that unit's NOT_FOUND and no booking is asked for; a member who moved on books
 * under the ID they have now, as who they are now. Only a member booking for
 * themself is checked: anyone else's booking for another is refused by the
 * workspace's unit, and checking first would tell them whether that person is a
 * member. A booking in the member's own unit is checked there, with the booking.
 */
export class CrossUnitBookingCheck implements GraphQLDataSource, PricedDataSource {
  constructor(private readonly inner: GraphQLDataSource & PricedDataSource) {}

  /** As the router prices it, and for each booking its member's unit asked first, through up to as many moves as are followed. */
  unitCallsOfFetch(fetch: FetchNode, site: FetchSite): number {
    const bookings =
      fetch.operationKind === OperationTypeNode.MUTATION && fetch.operationDocumentNode
        ? bookWorkspaceFields(fetch.operationDocumentNode).length
        : 0;
    return this.inner.unitCallsOfFetch(fetch, site) + bookings * MAX_MOVES_FOLLOWED;
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayResponse> {
    const viewer = viewerOf(options.context as Record<string, unknown> | undefined);
    if (viewer.role !== "member") return this.inner.process(options);
    const document = documentOf(options);
    const bookings = document ? crossUnitBookings(document, options.request.variables ?? {}, viewer.sub) : [];
    if (!bookings.length) return this.inner.process(options);
    let now: Viewer = viewer;
    for (const booking of bookings) {
      for (
        let hop = 0;
        hop < MAX_MOVES_FOLLOWED && now.role === "member" && countryOfId(now.sub) !== booking.workspaceUnit;
        hop++
      ) {
        const answer = await this.inner.process({
          ...options,
          request: { query: CURRENT_ID, variables: { id: now.sub } },
          document: CurrentMemberIdDocument,
          context: { ...options.context, viewer: now },
        } as GraphQLDataSourceProcessOptions);
        // A unit a release behind cannot say: the workspace's unit books as it always did, under the ID given.
        if (answer.errors && onlyLacksFields(answer.errors)) break;
        if (answer.errors?.length || typeof answer.data?.currentMemberId !== "string")
          return refusal(answer.errors, booking.responseKey);
        const current: string = answer.data.currentMemberId;
        if (current === now.sub) break;
        now = { role: "member", sub: current, unit: countryOfId(current)! };
      }
    }
    if (now === viewer || now.role !== "member") return this.inner.process(options);
    // Moved on: the booking is theirs under their new ID, asked as who they are now.
    const moved = withIdsReplaced(options, new Map([[viewer.sub, now.sub]]));
    return this.inner.process({ ...moved, context: { ...options.context, viewer: now } });
  }
}

/** The mutation's root `bookWorkspace` fields. */
function bookWorkspaceFields(document: DocumentNode): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.MUTATION)
      for (const selection of definition.selectionSet.selections)
        if (selection.kind === Kind.FIELD && selection.name.value === "bookWorkspace") fields.push(selection);
  return fields;
}

interface CrossUnitBooking {
  responseKey: string;
  workspaceUnit: string;
}

function documentOf(options: GraphQLDataSourceProcessOptions): DocumentNode | null {
  if ("document" in options && options.document) return options.document;
  if (!/^\s*mutation\b/.test(options.request.query ?? "")) return null;
  return parse(options.request.query!);
}

/** The mutation's `bookWorkspace` fields by which `memberId` books for themself in another unit's workspace. */
function crossUnitBookings(
  document: DocumentNode,
  variables: Record<string, unknown>,
  memberId: string,
): CrossUnitBooking[] {
  const found: CrossUnitBooking[] = [];
  for (const field of bookWorkspaceFields(document)) {
    const input = inputOf(field, variables);
    const workspaceUnit = typeof input?.workspaceId === "string" ? countryOfId(input.workspaceId) : null;
    if (input?.memberId === memberId && workspaceUnit && workspaceUnit !== countryOfId(memberId))
      found.push({ responseKey: field.alias?.value ?? field.name.value, workspaceUnit });
  }
  return found;
}

function inputOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> | null {
  const argument = field.arguments?.find((arg) => arg.name.value === "input");
  const value: unknown = argument ? valueFromASTUntyped(argument.value, variables) : null;
  return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

/** The member's unit's answer, as the booking's: its NOT_FOUND (or its unavailability) at the booking's path. */
function refusal(errors: readonly GraphQLFormattedError[] | undefined, responseKey: string): GatewayResponse {
  const error = errors?.[0] ?? { message: "The member's unit gave no answer." };
  return {
    data: null,
    errors: [
      { message: error.message, path: [responseKey], ...(error.extensions ? { extensions: error.extensions } : {}) },
    ],
  };
}
