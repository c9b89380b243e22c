import { randomUUID } from "node:crypto";
import { HeaderMap } from "@apollo/server";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { DocumentNode } from "graphql";
import type { ServiceViewer } from "@smart/platform";

/**
 * A fetch of the gateway's own work, as the shard router and central's data source
 * expect one: the caller is `viewer` (named inside the signed call, never a token),
 * under a request ID of its own that the units' logs record.
 */
export function serviceFetch(
  { document, query, variables }: { document: DocumentNode; query: string; variables: Record<string, unknown> },
  viewer: ServiceViewer,
): GraphQLDataSourceProcessOptions {
  return {
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported from the package root).
    kind: "incoming operation",
    request: { query, variables },
    document,
    // The routers take the caller from the context (upstream.ts forwardedHeaders); a unit's log names the worker's request.
    context: { viewer, requestId: `${viewer.work.replaceAll("_", "-")}-${randomUUID()}` },
    incomingRequestContext: { request: { http: { method: "POST", search: "", headers: new HeaderMap() } } },
  } as unknown as GraphQLDataSourceProcessOptions;
}
