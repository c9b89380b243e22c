import { SettleCountedBallotsDocument } from "../__generated__/national-operations.js";
import { StepRun, unitStep, type StepCaller } from "../stepRunner/index.js";
import { BALLOTS_VIEWER } from "./ballotWork.js";

const SETTLE_COUNTED = unitStep(SettleCountedBallotsDocument);

/** A ballot central counted, whose unit still holds it PENDING. */
export interface CountedBallot {
  memberId: string;
  subjectId: string;
  token: string;
}

/** How long a counted ballot waits for others of its unit before their settle is sent. */
export const SETTLE_GATHER_MS = 25;
/** The most ballots one settle carries (the unit's own bound is 1,000). */
export const SETTLES_AT_ONCE = 500;

/**
 * The settles of counted ballots, gathered by unit and sent as one call per
 * unit every `SETTLE_GATHER_MS` (as the gateway's ballot work): under a vote's
 * load a unit settles hundreds of ballots in one statement rather than taking
 * a request for each. Nothing waits for them: a settle that fails, or is lost
 * with the gateway, leaves its ballots PENDING for the retry worker, which
 * counts each once more by its token (central counts a token once) and settles it.
 */
export class BallotSettles {
  private readonly steps: StepRun;
  private readonly gathered = new Map<string, CountedBallot[]>();
  private readonly sending = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(asBallotWork: StepCaller) {
    this.steps = new StepRun(BALLOTS_VIEWER, asBallotWork);
  }

  add(ballot: CountedBallot): void {
    const unit = ballot.memberId.slice(0, 2);
    let ballots = this.gathered.get(unit);
    if (!ballots) this.gathered.set(unit, (ballots = []));
    ballots.push(ballot);
    if (ballots.length >= SETTLES_AT_ONCE) this.send(unit);
    this.timer ??= setTimeout(() => this.sendAll(), SETTLE_GATHER_MS).unref();
  }

  /** Sends what is gathered now; resolves once every settle sent so far has been answered. */
  async flush(): Promise<void> {
    this.sendAll();
    await Promise.all(this.sending);
  }

  private sendAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const unit of [...this.gathered.keys()]) this.send(unit);
  }

  private send(unit: string): void {
    const ballots = this.gathered.get(unit);
    this.gathered.delete(unit);
    if (!ballots?.length) return;
    const sent = this.steps.settle(SETTLE_COUNTED, { country: unit, ballots });
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }
}
