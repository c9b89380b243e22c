import { HeaderMap } from "@apollo/server";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { parse, type DocumentNode } from "graphql";
import type { Logger } from "@smart/platform";
import type { MemberRightsContext, SubgraphCaller } from "./context.js";
import { eraseMember } from "./erasure.js";
import { resumeTransfer } from "./transfer.js";

export interface MemberRightsRetryOptions {
  /** The shard router. */
  national: GraphQLDataSource;
  central: GraphQLDataSource;
  /** The central office's Authorization, which the gateway signs for itself (indicators/serviceAuthorization.ts). */
  authorization: () => Promise<string>;
  /** Between two rounds; the first round runs at once (a gateway that starts resumes what one that died left). */
  intervalMs: number;
  logger: Logger;
}

export interface MemberRightsRetry {
  /** One round now: every unit's open erasures and transfers, each continued from its recorded step. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const BACKLOG = `query MemberRightsBacklog { memberRightsBacklog { kind memberId } }`;
const RESUMED_REASON = "Resumed by the gateway's retry worker.";

/**
 * Finishes erasures and transfers left pending (a unit that was down, a gateway
 * that died between two steps) without anyone asking again: each round asks all
 * nine units for their backlog, as the central office, and resumes each item
 * through the same code as `eraseMember` and `transferMember` (idempotent steps,
 * so a round that overlaps a caller's own retry does no harm). A unit that does
 * not answer is simply asked again next round.
 */
export function startMemberRightsRetry(options: MemberRightsRetryOptions): MemberRightsRetry {
  const context: MemberRightsContext = { viewer: { role: "central_office" }, call: serviceCaller(options) };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> = Promise.resolve();

  const runOnce = async () => {
    const response = await options.national.process(serviceFetch(await options.authorization(), BACKLOG, {}));
    const tasks = (response.data?.memberRightsBacklog as { kind: "ERASURE" | "TRANSFER"; memberId: string }[] | undefined) ?? [];
    for (const error of response.errors ?? [])
      options.logger.warn({ unit: error.extensions?.unit, message: error.message }, "member-rights backlog: a unit did not answer");
    for (const task of tasks) {
      if (stopped) return;
      try {
        const outcome = task.kind === "ERASURE" ? await eraseMember(task.memberId, RESUMED_REASON, context) : await resumeTransfer(task.memberId, context);
        options.logger.info({ kind: task.kind, memberId: task.memberId, status: outcome?.status }, "member-rights work resumed");
      } catch (error) {
        options.logger.warn({ kind: task.kind, memberId: task.memberId, err: error }, "member-rights work still pending");
      }
    }
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runOnce()
        .catch((error: unknown) => options.logger.warn({ err: error }, "member-rights retry round failed"))
        .finally(() => schedule(options.intervalMs));
    }, delayMs);
    timer.unref();
  };
  schedule(0);
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}

/** Calls a unit or central as the central office: a fetch of the gateway's own, as the router and central's data source expect one. */
function serviceCaller(options: MemberRightsRetryOptions): SubgraphCaller {
  return async (target, query, variables) => {
    const fetch = serviceFetch(await options.authorization(), query, variables);
    if (target === "national") return options.national.process(fetch);
    // Central's data source sends the request's text; a planner's document is the router's alone.
    const { document: _document, ...rest } = fetch as GraphQLDataSourceProcessOptions & { document?: DocumentNode };
    return options.central.process(rest);
  };
}

const parsed = new Map<string, DocumentNode>();

function serviceFetch(authorization: string, query: string, variables: Record<string, unknown>): GraphQLDataSourceProcessOptions {
  let document = parsed.get(query);
  if (!document) parsed.set(query, (document = parse(query)));
  const headers = new HeaderMap([["authorization", authorization]]);
  return {
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported from the package root).
    kind: "incoming operation",
    request: { query, variables },
    document,
    context: { viewer: { role: "central_office" } },
    incomingRequestContext: { request: { http: { method: "POST", search: "", headers } } },
  } as unknown as GraphQLDataSourceProcessOptions;
}
