import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { DocumentNode } from "graphql";
import type { Logger, ServiceViewer } from "@smart/platform";
import { serviceFetch } from "../serviceFetch.js";
import { MemberRightsBacklogDocument } from "../__generated__/national-operations.js";
import { everyUnitStep, StepRun, type StepCaller } from "../stepRunner/index.js";
import { memberRightsSteps } from "./operations.js";
import type { BallotSeal } from "../vote/ballotSeal.js";
import { resumePendingBallots } from "../vote/ballotRetry.js";
import { BALLOTS_VIEWER } from "../vote/ballotWork.js";
import type { Units } from "../unitDirectory/index.js";

export interface MemberRightsRetryOptions {
  /** The shard router. */
  national: GraphQLDataSource;
  central: GraphQLDataSource;
  /** The units admitted (the unit directory): the places of the operations it resumes. */
  units: Units;
  /** Between two rounds; the first round runs at once (a gateway that starts resumes what one that died left). */
  intervalMs: number;
  logger: Logger;
  /** Opens the ballots the units hold pending: with it, each round also finishes them (gateway/src/vote/). */
  ballotSeal?: BallotSeal;
}

export interface MemberRightsRetry {
  /** One round now: every unit's open erasures and transfers, each continued from its recorded step. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const BACKLOG = everyUnitStep(MemberRightsBacklogDocument);

/**
 * Who the worker calls the units and central as: the gateway's member-rights
 * work, named only inside its signed calls, which each unit lets read its
 * backlog and take the steps of an erasure or a transfer already begun, and do
 * nothing else. No token is minted or sent.
 */
export const MEMBER_RIGHTS_VIEWER: ServiceViewer = Object.freeze({ role: "service", work: "member_rights" });

/**
 * Finishes erasures and transfers left pending (a unit that was down, a gateway
 * that died between two steps) without anyone asking again: each round asks every
 * unit admitted for its backlog, as MEMBER_RIGHTS_VIEWER, and resumes each item
 * from its step log through the step runner, by the same steps as `eraseMember` and `transferMember` (idempotent steps,
 * so a round that overlaps a caller's own retry does no harm). A unit that does
 * not answer is simply asked again next round.
 */
export function startMemberRightsRetry(options: MemberRightsRetryOptions): MemberRightsRetry {
  const steps = new StepRun(MEMBER_RIGHTS_VIEWER, serviceCaller(options, MEMBER_RIGHTS_VIEWER), options.units);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> = Promise.resolve();

  const runOnce = async () => {
    if (options.ballotSeal) {
      await resumePendingBallots(
        { asBallotWork: serviceCaller(options, BALLOTS_VIEWER), seal: options.ballotSeal },
        options.logger,
      ).catch((error: unknown) => options.logger.warn({ err: error }, "pending ballots: round failed"));
    }
    const backlog = await steps.settle(BACKLOG, {});
    const tasks = backlog.data?.memberRightsBacklog ?? [];
    for (const error of backlog.errors)
      options.logger.warn(
        { unit: error.extensions?.unit, message: error.message },
        "member-rights backlog: a unit did not answer",
      );
    for (const task of tasks) {
      if (stopped) return;
      try {
        const outcome = await memberRightsSteps.resume(task.kind, task.memberId, steps);
        options.logger.info(
          { kind: task.kind, memberId: task.memberId, status: outcome?.status },
          "member-rights work resumed",
        );
      } catch (error) {
        options.logger.warn(
          { kind: task.kind, memberId: task.memberId, err: error },
          "member-rights work still pending",
        );
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

/** Calls a unit or central as the gateway's `viewer` work: a fetch of the gateway's own, as the router and central's data source expect one. */
export function serviceCaller(
  options: Pick<MemberRightsRetryOptions, "national" | "central">,
  viewer: ServiceViewer,
): StepCaller {
  return async (target, request) => {
    const fetch = serviceFetch(request, viewer);
    if (target === "national") return options.national.process(fetch);
    // Central's data source sends the request's text; a planner's document is the router's alone.
    const { document: _document, ...rest } = fetch as GraphQLDataSourceProcessOptions & { document?: DocumentNode };
    return options.central.process(rest);
  };
}
