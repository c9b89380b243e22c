import type { StackService } from "./services.js";

/** Anonymous, so it works without a token: public fields of every unit and the central office. */
export const SAMPLE_QUERY =
  "{ countries { code unitName sharePrice { amount currency } memberCount cities { name } } " +
  "workspaces(first: 5) { edges { node { id name city { name } capacity status } } } }";

export interface ServiceHealth {
  service: StackService;
  healthy: boolean;
}

/** The endpoint table and a cross-country query to try, printed once the stack is up. */
export function stackBanner(services: ServiceHealth[], postgresDescription: string): string {
  const gateway = services.find((s) => s.service.name === "gateway");
  // The gateway first: it is the one to use; then where people sign in.
  const rank = (name: string) => (name === "gateway" ? 0 : name === "identity" ? 1 : 2);
  const ordered = [...services].sort((a, b) => rank(a.service.name) - rank(b.service.name));
  const rows = ordered.map(({ service, healthy }) => {
    const identity = service.name === "identity";
    const url = identity ? `http://localhost:${service.port}` : `http://localhost:${service.port}/graphql`;
    const note =
      service.name === "gateway"
        ? "one European graph"
        : identity
          ? "identity provider (development: sign in as BE:m17, staff:BE, central-office)"
          : (service.database ?? "");
    return `  ${service.name.padEnd(8)} ${url.padEnd(32)} ${note}${healthy ? "" : "  (NOT ANSWERING: see its log lines)"}`;
  });
  const gatewayUrl = `http://localhost:${gateway?.service.port ?? 4000}/graphql`;
  const body = JSON.stringify({ query: SAMPLE_QUERY });
  return [
    "",
    "Smart Europe Graph is running (Ctrl-C stops it all; a service that crashes is restarted each time, after 1 s, 2 s, 4 s … up to 30 s).",
    "",
    ...rows,
    "",
    `  Postgres: ${postgresDescription}`,
    "",
    "Try a cross-country query:",
    `  curl -s ${gatewayUrl} -H 'content-type: application/json' \\`,
    `    -d '${body}'`,
    "",
    "As someone (a token from the identity provider, valid 1 h):",
    `  curl -s ${gatewayUrl} -H "authorization: Bearer $(npm run --silent token -- --role central_office)" \\`,
    `    -H 'content-type: application/json' -d '{"query":"{ members(first: 3) { edges { node { id displayName } } } }"}'`,
    "",
    "Another unit beside these, then into the graph: npm run unit -- start PT; npm run unit -- admit PT (docs/units.md)",
    "",
  ].join("\n");
}
