import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createRoot } from "react-dom/client";
import { EXAMPLE_TABS } from "../../src/ideExamples.js";

type Params = { query: string; variables?: unknown; operationName?: string | null };

/**
 * POSTs to this origin's /graphql: JSON, so Apollo's CSRF check lets it through;
 * the headers panel's headers (the Bearer token) go with it.
 */
async function fetcher(params: Params, options?: { headers?: Record<string, unknown> }): Promise<unknown> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  for (const [name, value] of Object.entries(options?.headers ?? {})) headers[name] = String(value);
  const response = await fetch(new URL("/graphql", window.location.href), { method: "POST", headers, body: JSON.stringify(params) });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

createRoot(document.getElementById("graphiql")!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={EXAMPLE_TABS.map((tab) => ({ query: tab.query, ...(tab.variables ? { variables: tab.variables } : {}) }))}
    defaultHeaders={"{\n  \n}"}
    defaultEditorToolsVisibility="headers"
    isHeadersEditorEnabled
    shouldPersistHeaders={false}
  />,
);
