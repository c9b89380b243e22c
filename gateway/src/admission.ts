import type { IncomingMessage, ServerResponse } from "node:http";
import { sendRequestError } from "@smart/platform";

export interface AdmissionLimits {
  /** Requests the gateway works on at once. */
  maxInFlight: number;
  /** Requests that may wait for a place; one more is turned away at once. */
  maxQueued: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxInFlight: 8, maxQueued: 16 };

/** Seconds a turned-away caller is asked to wait (Retry-After). */
const RETRY_AFTER_SECONDS = 1;

/**
 * Admission control for /graphql: at most `maxInFlight` requests are worked on,
 * at most `maxQueued` wait (first come, first served); beyond that a request is
 * answered at once with HTTP 503, `Retry-After` and code OVERLOADED, before
 * anything of it is read or sent to a unit. Without it, a burst of Europe-wide
 * queries shares the units' time until every one of them misses the units'
 * deadline: everyone waits, and most get a partial answer. With it, what is
 * admitted completes (Apollo Router's concurrency limit and load shedding).
 */
export function admissionControl(limits: AdmissionLimits, onShed: () => void = () => {}) {
  let inFlight = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else inFlight--;
  };
  const handler = (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const admit = () => {
      res.once("close", release);
      next();
    };
    if (inFlight < limits.maxInFlight) {
      inFlight++;
      admit();
    } else if (queue.length < limits.maxQueued) {
      // The place of the request that leaves passes to this one: inFlight is unchanged.
      queue.push(admit);
      // A caller that gives up while waiting leaves the queue (once admitted, it is no longer there).
      res.once("close", () => {
        const at = queue.indexOf(admit);
        if (at >= 0) queue.splice(at, 1);
      });
    } else {
      onShed();
      sendRequestError(res, 503, `The gateway is at capacity; retry in ${RETRY_AFTER_SECONDS} s.`, "OVERLOADED", {
        "retry-after": String(RETRY_AFTER_SECONDS),
      });
    }
  };
  return Object.assign(handler, { stats: () => ({ inFlight, queued: queue.length }) });
}

/**
 * Counts shed requests and calls `report` with their number once a second at
 * most, a second after the first. A log line per shed request — thousands a
 * second under overload — kept the event loop that should be answering them
 * busy writing, and made each 503 wait behind the log.
 */
export function shedReport(report: (shed: number) => void, intervalMs = 1000): () => void {
  let shed = 0;
  let timer: NodeJS.Timeout | undefined;
  return () => {
    shed++;
    timer ??= setTimeout(() => {
      report(shed);
      shed = 0;
      timer = undefined;
    }, intervalMs).unref();
  };
}
