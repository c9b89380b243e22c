import type { ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import type { Viewer } from "@smart/platform";

/**
 * `cache-control` on every answer. An anonymous query answered without errors
 * holds public data only (every personal field needs a signed-in caller), the
 * same for every anonymous caller: `public, max-age`, so a CDN or the browser may
 * keep it. Anything else — a signed-in caller, a mutation, an answer with errors
 * (a unit missing, a refusal) — is `private, no-store`. `Vary: Authorization`
 * keeps a shared cache from serving a public answer to a signed-in request.
 */
export function cachePolicyPlugin(publicMaxAgeSeconds: number): ApolloServerPlugin<{ viewer: Viewer }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation }) {
          const body = response.body;
          const cacheable =
            publicMaxAgeSeconds > 0 &&
            operation?.operation === OperationTypeNode.QUERY &&
            contextValue.viewer?.role === "anonymous" &&
            body.kind === "single" &&
            !body.singleResult.errors?.length;
          response.http.headers.set("cache-control", cacheable ? `public, max-age=${publicMaxAgeSeconds}` : "private, no-store");
          response.http.headers.set("vary", "authorization");
        },
      };
    },
  };
}
