import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { EXAMPLE_TABS } from "../../src/ideExamples.js";
import { describe, signInForPage, type PageSignIn } from "../../src/signIn/client.js";

type Params = { query: string; variables?: unknown; operationName?: string | null };

/** The page's sign-in, once known: finishes a sign-in when the provider just sent the person back. */
const started: Promise<PageSignIn> = signInForPage("ide", {
  href: window.location.href,
  storage: window.sessionStorage,
  replaceUrl: (href) => history.replaceState(history.state, "", href),
}).catch((error: unknown) => ({ signIn: null, error: error instanceof Error ? error.message : String(error) }));

/** Tells the bar to look again (the gateway refused the token, so it has been dropped). */
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

/**
 * POSTs to this origin's /graphql: JSON, so Apollo's CSRF check lets it through.
 * The signed-in person's token goes with it, unless the headers panel names its
 * own Authorization; a token the gateway refuses (401) is dropped: sign in again.
 */
async function fetcher(params: Params, options?: { headers?: Record<string, unknown> }): Promise<unknown> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const { signIn } = await started;
  const token = signIn?.accessToken() ?? null;
  const own = Object.keys(options?.headers ?? {}).some((name) => name.toLowerCase() === "authorization");
  if (token && !own) headers.authorization = `Bearer ${token}`;
  for (const [name, value] of Object.entries(options?.headers ?? {})) headers[name] = String(value);
  const response = await fetch(new URL("/graphql", window.location.href), {
    method: "POST",
    headers,
    body: JSON.stringify(params),
  });
  if (response.status === 401 && token && !own) {
    signIn!.expire();
    changed();
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

/** The bar above the IDE: who is signed in, Sign in / Sign out, and what went wrong. */
function SignInBar() {
  const [page, setPage] = useState<PageSignIn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, setRound] = useState(0);
  useEffect(() => {
    void started.then((found) => {
      setPage(found);
      setError(found.error);
    });
    const listener = () => setRound((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  if (!page) return <header className="smart-sign-in" data-state="loading" />;
  const { signIn } = page;
  const status = signIn?.status();
  const signInNow = () => {
    setBusy(true);
    setError(null);
    signIn!
      .authorizationUrl()
      .then((url) => window.location.assign(url))
      .catch((cause: unknown) => {
        setBusy(false);
        setError(cause instanceof Error ? cause.message : String(cause));
      });
  };
  const signOut = () => {
    signIn!.signOut();
    setError(null);
    setRound((n) => n + 1);
  };
  return (
    <header className="smart-sign-in" data-state={status?.session ? "signed-in" : "anonymous"}>
      <strong>Smart Europe Graph</strong>
      <span className="smart-sign-in-who" data-testid="signed-in-as">
        {!signIn
          ? "Anonymous: this gateway has no identity provider to sign in with."
          : status?.session
            ? `Signed in as ${describe(status.session.claims)}`
            : status?.expired
              ? "Your sign-in has expired: sign in again."
              : "Anonymous: sign in to see what your role may see."}
      </span>
      {error ? (
        <span className="smart-sign-in-error" role="alert" data-testid="sign-in-error">
          {error}
        </span>
      ) : null}
      {signIn && status?.session ? (
        <button type="button" onClick={signOut} data-testid="sign-out">
          Sign out
        </button>
      ) : null}
      {signIn && !status?.session ? (
        <button type="button" onClick={signInNow} disabled={busy} data-testid="sign-in">
          Sign in
        </button>
      ) : null}
    </header>
  );
}

createRoot(document.getElementById("graphiql")!).render(
  <div className="smart-ide">
    <SignInBar />
    <div className="smart-ide-graphiql">
      <GraphiQL
        fetcher={fetcher}
        defaultTabs={EXAMPLE_TABS.map((tab) => ({
          query: tab.query,
          ...(tab.variables ? { variables: tab.variables } : {}),
        }))}
        defaultHeaders={"{\n  \n}"}
        defaultEditorToolsVisibility="headers"
        isHeadersEditorEnabled
        shouldPersistHeaders={false}
      />
    </div>
  </div>,
);
