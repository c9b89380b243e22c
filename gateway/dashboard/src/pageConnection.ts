/** A page's only way to its data: POST /graphql of the gateway that served it, with the signed-in person's token (the dashboard, the participation page). */
import { signInForPage, type PageSignIn, type PAGE_PATHS } from "../../src/signIn/client.js";

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; unit?: string };
}

export interface GraphqlAnswer<T> {
  data: T | null;
  errors: GraphqlError[];
}

export interface PageConnection {
  /** Who is signed in, once the page has asked the gateway and finished a sign-in the provider just sent back. */
  pageSignIn: Promise<PageSignIn>;
  graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlAnswer<T>>;
}

/**
 * Who is signed in on `page`: the gateway's provider (GET /sign-in.json), and a
 * sign-in finished when the provider just sent the person back here
 * (Authorization Code + PKCE; the token is kept for this tab only, in sessionStorage).
 */
export function connectPage(page: keyof typeof PAGE_PATHS): PageConnection {
  const endpoint = new URL("../graphql", window.location.href).href;
  const pageSignIn: Promise<PageSignIn> = signInForPage(page, {
    href: window.location.href,
    storage: window.sessionStorage,
    replaceUrl: (href) => history.replaceState(history.state, "", href),
  }).catch((error: unknown) => ({ signIn: null, error: error instanceof Error ? error.message : String(error) }));

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
    const { signIn } = await pageSignIn;
    const token = signIn?.accessToken() ?? null;
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    // The gateway refused the token (ended, or its keys changed): drop it; the page asks to sign in again.
    if (response.status === 401 && token) signIn!.expire();
    let body: { data?: T | null; errors?: GraphqlError[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      return { data: null, errors: [{ message: `The gateway answered HTTP ${response.status} without GraphQL.` }] };
    }
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }
  return { pageSignIn, graphql };
}
