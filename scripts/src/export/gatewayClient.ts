/** A GraphQL answer's error, as the gateway reports it. */
interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; unit?: string; maxRows?: number };
}

/** The export cannot go on: the gateway refused or failed. What was written stays, for --resume. */
export class ExportFailed extends Error {
  constructor(
    message: string,
    /** The gateway's errors, when it answered with some. */
    readonly errors: readonly GraphqlError[] = [],
  ) {
    super(message);
  }
}

/** Posts queries to the gateway with the caller's token; any error fails the page (no partial pages). */
export class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly token: string | null,
  ) {}

  async query<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      const reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new ExportFailed(`Cannot reach the gateway at ${this.url}: ${reason}`);
    }
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphqlError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new ExportFailed(`The gateway answered HTTP ${response.status} without GraphQL: ${text.slice(0, 200)}`);
    }
    if (body.errors?.length) {
      const lines = body.errors
        .slice(0, 5)
        .map(
          (e) =>
            `  ${e.extensions?.code ?? "ERROR"}${e.extensions?.unit ? ` (${e.extensions.unit})` : ""}: ${e.message}`,
        );
      const hint = body.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED")
        ? "\nSet SMART_TOKEN (or --token) to a valid token: `npm run token -- --role central_office`."
        : body.errors.some((e) => e.extensions?.code === "FORBIDDEN")
          ? "\nThis token may not read all of it: unit staff export their own unit (--country)."
          : "";
      throw new ExportFailed(
        `The gateway refused or could not answer the page:\n${lines.join("\n")}${hint}`,
        body.errors,
      );
    }
    if (!response.ok || !body.data)
      throw new ExportFailed(`The gateway answered HTTP ${response.status} with no data.`);
    return body.data;
  }
}
