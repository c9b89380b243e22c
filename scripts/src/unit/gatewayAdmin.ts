import { requestDevelopmentToken } from "@smart/identity/client";
import type { CountryCode } from "@smart/platform";
import { localUrl } from "../stack/services.js";
import type { StackState } from "../stack/state.js";

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The details admitUnit needs of a code the directory does not know yet. */
export interface UnitDetails {
  unitName?: string;
  countryName?: string;
  currency?: string;
  sharePrice?: number;
}

export interface AdmittedUnit {
  code: string;
  unitName: string;
  admission: string;
}

/** Calls the running stack's gateway as the central office, with a token from the stack's identity provider. */
export class CentralOfficeClient {
  private token?: string;

  constructor(private readonly state: StackState) {}

  get gatewayUrl(): string {
    return localUrl(this.state.ports.gateway, "/graphql");
  }

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
    this.token ??= (
      await requestDevelopmentToken(localUrl(this.state.ports.identity, "/token"), { role: "central_office" })
    ).accessToken;
    const response = await fetch(this.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    return (await response.json()) as GraphQLAnswer<T>;
  }

  admit(code: CountryCode, details: UnitDetails): Promise<GraphQLAnswer<{ admitUnit: AdmittedUnit }>> {
    return this.query(
      `mutation AdmitUnit($input: AdmitUnitInput!) { admitUnit(input: $input) { code unitName admission } }`,
      { input: { code, ...details } },
    );
  }

  retire(code: CountryCode): Promise<GraphQLAnswer<{ retireUnit: AdmittedUnit }>> {
    return this.query(
      `mutation RetireUnit($code: CountryCode!) { retireUnit(code: $code) { code unitName admission } }`,
      {
        code,
      },
    );
  }

  /**
   * Polls the gateway until it routes to `code` (`memberCount(country:)` answers: it refuses a
   * code of no admitted unit) or, with `routed` false, until it refuses it; the seconds it took,
   * or undefined after `timeoutMs`.
   */
  async waitForRouting(code: CountryCode, routed: boolean, timeoutMs = 60_000): Promise<number | undefined> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const answer = await this.query<{ memberCount: number }>(
        `query UnitRouted($code: CountryCode!) { memberCount(country: $code) }`,
        { code },
      ).catch(() => undefined);
      const answers = answer !== undefined && !answer.errors?.length && typeof answer.data?.memberCount === "number";
      if (answer !== undefined && answers === routed) return (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return undefined;
  }
}

/** `message (CODE)` for each error of an answer. */
export const describeErrors = (answer: GraphQLAnswer<unknown>) =>
  (answer.errors ?? []).map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ""}`).join("\n");
