import type { Viewer } from "@smart/platform";
import type { StepRun } from "../stepRunner/index.js";

/** What the member-rights resolvers get, per fetch. */
export interface MemberRightsContext {
  /** The caller, as the gateway verified them. */
  viewer: Viewer;
  /** Their steps: each sent to a unit (through the shard router) or central as the caller (named in the gateway's signed call). */
  steps: StepRun;
}
