import { StepRunner } from "../stepRunner/index.js";
import { ACCESS_LOG } from "./accessLog.js";
import { ERASURE } from "./erasure.js";
import { EXPORT } from "./memberDataExport.js";
import { SIP } from "./sip.js";
import { TRANSFER } from "./transfer.js";
import { VOTE_OPERATION } from "../vote/castBallot.js";

/** The member-rights subgraph's operations that span units: priced for the plan, resumed by the retry worker. */
export const memberRightsSteps = new StepRunner([EXPORT, ERASURE, TRANSFER, SIP, ACCESS_LOG, VOTE_OPERATION]);
