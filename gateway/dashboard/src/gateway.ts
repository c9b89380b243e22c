/** The page's only way to its data: POST /graphql of the gateway that served it, with the viewer's token. */

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; unit?: string };
}

export interface GraphqlAnswer<T> {
  data: T | null;
  errors: GraphqlError[];
}

const TOKEN_KEY = "smart-dashboard-token";
const ENDPOINT = new URL("../graphql", window.location.href).href;

/**
 * The viewer's token: from the address's fragment (`/dashboard/#token=…`, never
 * sent to a server, then taken out of the address bar), else the one this tab
 * remembers. None: anonymous.
 */
export function readToken(): string | null {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (fromFragment) {
    rememberToken(fromFragment);
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function rememberToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
  const token = readToken();
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T | null; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return { data: null, errors: [{ message: `The gateway answered HTTP ${response.status} without GraphQL.` }] };
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}
