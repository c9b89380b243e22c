import { GRAPH_AUDIENCE, listen, type CountryCode } from "@smart/platform";
import { testIdentity } from "@smart/identity/testing";
import { buildGateway, type Gateway, type GatewayOptions } from "../../server.js";

export interface GraphqlReply<T = any> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  };
}

export interface RunningGateway {
  gateway: Gateway;
  url: string;
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphqlReply<T>>;
  get(path: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** A central URL nothing listens on (port 9, discard): for tests without the central office. */
export const NO_CENTRAL = "http://127.0.0.1:9/graphql";

/**
 * The gateway over `unitUrls`, listening on a free port. `callerHeaders` go with
 * every query unless the test gives its own (e.g. the central office's token, which
 * may read every unit, for tests about routing rather than access). Its units are
 * those of `unitUrls`, for good, unless the test gives `unitDirectoryRefreshSeconds`
 * (then central's directory decides, as in production).
 */
export async function startGateway(
  unitUrls: Readonly<Record<CountryCode, string>>,
  options: Partial<GatewayOptions> = {},
  callerHeaders: Record<string, string> = {},
): Promise<RunningGateway> {
  const gateway = await buildGateway({
    units: Object.keys(unitUrls),
    unitUrls,
    unitDirectoryRefreshSeconds: false,
    centralUrl: NO_CENTRAL,
    deadlineMs: 1000,
    production: false,
    auth: (await testIdentity()).auth(GRAPH_AUDIENCE),
    ...options,
  });
  const http = await listen(gateway.app, 0);
  return {
    gateway,
    url: http.url,
    async query(query, variables, headers = {}) {
      const response = await fetch(http.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...callerHeaders, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphqlReply["body"] };
    },
    async get(path) {
      const response = await fetch(new URL(path, http.url));
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      await http.close();
      await gateway.stop();
    },
  };
}

/** The `extensions.code` and `extensions.unit` of each error, for compact assertions. */
export const errorSummary = (reply: GraphqlReply) =>
  (reply.body.errors ?? []).map((e) => ({
    code: e.extensions?.code,
    ...(e.extensions?.unit ? { unit: e.extensions.unit } : {}),
    path: e.path,
  }));
