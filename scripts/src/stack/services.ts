import { GATEWAY_NODE_ARGS } from "@smart/gateway";
import { localIssuer } from "@smart/identity/client";
import { DEFAULT_UNIT_URL_TEMPLATE, defaultUnitPort, type CountryCode } from "@smart/platform";
import { serviceEntry } from "./paths.js";
import type { StackPorts } from "./ports.js";
import type { StackPostgres } from "./postgres.js";
import type { ServiceSpec } from "./processes.js";

/** A service of the stack with where it answers. */
export interface StackService extends ServiceSpec {
  port: number;
  /** The database it serves, for the endpoint table. */
  database?: string;
}

/** Small pools: ten servers share one Postgres, whose default limit is a hundred connections. */
const UNIT_POOL_SIZE = "5";

export const localUrl = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

/** Where every service of the stack checks tokens: the stack's identity provider (its issuer and JWKS). */
export function authEnv(ports: StackPorts): { AUTH_ISSUER: string; AUTH_JWKS_URI: string } {
  const issuer = localIssuer(ports.identity);
  return { AUTH_ISSUER: issuer, AUTH_JWKS_URI: `${issuer}/jwks` };
}

/**
 * The development OpenID Connect provider: people sign in there (the IDE, the dashboard)
 * and `npm run token` gets its tokens there. `keysFile` keeps its signing keys across restarts.
 */
export function identityService(ports: StackPorts, options: { keysFile?: string } = {}): StackService {
  return {
    name: "identity",
    entry: serviceEntry("services/identity"),
    port: ports.identity,
    env: {
      IDP_PORT: String(ports.identity),
      IDP_ISSUER: localIssuer(ports.identity),
      // The IDE and the dashboard are sent back there after signing in.
      PUBLIC_GATEWAY_URL: `http://localhost:${ports.gateway}`,
      ...(options.keysFile ? { IDP_KEYS_FILE: options.keysFile } : {}),
    },
  };
}

/** One national unit's server on its port, over its database. */
export function unitService(
  code: CountryCode,
  port: number,
  postgres: StackPostgres,
  auth: ReturnType<typeof authEnv>,
): StackService {
  return {
    name: code,
    entry: serviceEntry("services/national"),
    port,
    database: postgres.databaseOf(code),
    env: {
      UNIT: code,
      PORT: String(port),
      DATABASE_URL: postgres.urlOf(code),
      DB_POOL_SIZE: UNIT_POOL_SIZE,
      ...auth,
    },
  };
}

/** The stack's units (ports.units) and the central subgraph: they depend only on their databases. */
export function subgraphServices(ports: StackPorts, postgres: StackPostgres): StackService[] {
  const units = Object.keys(ports.units)
    .sort()
    .map((code) => unitService(code, ports.units[code]!, postgres, authEnv(ports)));
  const central: StackService = {
    name: "central",
    entry: serviceEntry("services/central"),
    port: ports.central,
    database: postgres.databaseOf("central"),
    env: { PORT: String(ports.central), DATABASE_URL: postgres.urlOf("central"), ...authEnv(ports) },
  };
  return [central, ...units];
}

/** Where the stack's gateway looks for a unit it has no UNIT_URL_<CODE> for: the unit's default port. */
export const STACK_UNIT_URL_TEMPLATE = DEFAULT_UNIT_URL_TEMPLATE;

/**
 * The gateway, pointed at central's /graphql and serving the stack's units until
 * central's directory answers (GATEWAY_UNITS). It finds a unit by the template, at
 * its default port; one moved off it (UNIT_PORT_<CODE>) by a URL of its own.
 */
export function gatewayService(ports: StackPorts): StackService {
  const units = Object.keys(ports.units).sort();
  const unitUrls = Object.fromEntries(
    units
      .filter((code) => ports.units[code] !== defaultUnitPort(code))
      .map((code) => [`UNIT_URL_${code}`, localUrl(ports.units[code]!, "/graphql")]),
  );
  return {
    name: "gateway",
    entry: serviceEntry("gateway"),
    // Its heap budget (gateway/src/memoryBudget.ts).
    nodeArgs: GATEWAY_NODE_ARGS,
    port: ports.gateway,
    env: {
      PORT: String(ports.gateway),
      CENTRAL_URL: localUrl(ports.central, "/graphql"),
      GATEWAY_UNITS: units.join(","),
      UNIT_URL_TEMPLATE: STACK_UNIT_URL_TEMPLATE,
      ...unitUrls,
      ...authEnv(ports),
    },
  };
}
