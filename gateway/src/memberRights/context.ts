import type { Viewer } from "@smart/platform";
import type { StepCaller, StepRun } from "../stepRunner/index.js";
import type { BallotSeal } from "../vote/ballotSeal.js";
import type { Units } from "../unitDirectory/index.js";
import type { VoteWindows } from "../vote/voteWindows.js";
import type { BallotSettles } from "../vote/ballotSettles.js";

/** What the member-rights resolvers get, per fetch. */
export interface MemberRightsContext {
  /** The caller, as the gateway verified them. */
  viewer: Viewer;
  /** Their steps: each sent to a unit (through the shard router) or central as the caller (named in the gateway's signed call). */
  steps: StepRun;
  /** The units admitted now (the unit directory). */
  units: Pick<Units, "units" | "has">;
  /** The general assembly's vote (gateway/src/vote/): central as the gateway's ballot work, and the ballot seal. */
  ballots?: BallotServices;
  /** Runs `work` once the caller's answer has left (at once outside a request): what they need not wait for. */
  afterAnswer: (work: () => void) => void;
}

/** What a ballot's steps need besides the caller (gateway/src/vote/): central reached as the gateway's ballot work, and the seal. */
export interface BallotServices {
  /** Calls central (or the units' backlog) as the gateway's ballot work: never as the member. */
  asBallotWork: StepCaller;
  seal: BallotSeal;
  /** The open votes' windows, as central said a moment ago. */
  windows: VoteWindows;
  /** The settles of counted ballots, sent by unit once the members have their answers. */
  settles: BallotSettles;
}
