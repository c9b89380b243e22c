export { MemberRightsDataSource, buildMemberRightsSchema, type MemberRightsDataSourceOptions } from "./memberRightsDataSource.js";
export { UNIT_CALLS_PER_EXPORT } from "./memberDataExport.js";
export { UNIT_CALLS_PER_ERASURE } from "./erasure.js";
export { UNIT_CALLS_PER_TRANSFER } from "./transfer.js";
export { MovedMemberFollower } from "./followMoves.js";
export { startMemberRightsRetry, type MemberRightsRetry } from "./retryWorker.js";
export { UNIT_CALLS_PER_SIP_OPERATION } from "./sip.js";
