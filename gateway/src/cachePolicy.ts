import type { ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import type { Viewer } from "@smart/platform";

/**
 * `cache-control` on every answer. An anonymous query answered without errors
 * holds public data only (every personal field needs a signed-in caller), the
 * same for every anonymous caller: `public, max-age`, so a CDN or the browser may
 * keep it. Anything else — a signed-in caller, a mutation, an answer with errors
 * (a unit missing, a refusal) — is `private, no-store`. `Vary: Authorization`
 * keeps a shared cache from serving a public answer to a signed-in request
 * (`Vary: Origin`, to another web origin than the one its CORS headers allow).
 * With `responseCacheSeconds`, such an answer is also kept that long by
 * publicResponseCache (which must come after this plugin).
 */
export function cachePolicyPlugin(
  publicMaxAgeSeconds: number,
  responseCacheSeconds = 0,
): ApolloServerPlugin<{ viewer: Viewer }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation, overallCachePolicy }) {
          const body = response.body;
          const cacheable =
            publicMaxAgeSeconds > 0 &&
            operation?.operation === OperationTypeNode.QUERY &&
            contextValue.viewer?.role === "anonymous" &&
            body.kind === "single" &&
            !body.singleResult.errors?.length;
          response.http.headers.set(
            "cache-control",
            cacheable ? `public, max-age=${publicMaxAgeSeconds}` : "private, no-store",
          );
          // What publicResponseCache may keep, and for how long (nothing when off).
          if (cacheable && responseCacheSeconds > 0)
            overallCachePolicy.replace({ maxAge: responseCacheSeconds, scope: "PUBLIC" });
          // Origin too: the CORS headers of a public answer name the origin it was for.
          response.http.headers.set("vary", "authorization, origin");
        },
      };
    },
  };
}
