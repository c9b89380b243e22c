import type { ApolloServerPlugin } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import type { Viewer } from "@smart/platform";

const anonymous = ({ contextValue }: { contextValue: { viewer: Viewer } }) => contextValue.viewer.role === "anonymous";

/**
 * A short-lived cache of anonymous answers in this process (Apollo's response
 * cache plugin): the country directory, counts, cities are the same for every
 * anonymous caller, and a cached answer costs no unit and no central call. Only
 * answers `cachePolicyPlugin` found public are written (it sets their cache
 * policy); a signed-in caller neither reads nor writes it. Keyed by the query,
 * its variables and Accept-Language (localised names follow it).
 */
export function publicResponseCache(): ApolloServerPlugin<{ viewer: Viewer }> {
  return responseCachePlugin<{ viewer: Viewer }>({
    shouldReadFromCache: async (request) => anonymous(request),
    shouldWriteToCache: async (request) => anonymous(request),
    extraCacheKeyData: async ({ request }) => request.http?.headers.get("accept-language") ?? "",
  });
}
