export { MemberRightsDataSource, buildMemberRightsSchema, type MemberRightsDataSourceOptions } from "./memberRightsDataSource.js";
export { UNIT_CALLS_PER_EXPORT } from "./memberDataExport.js";
export { UNIT_CALLS_PER_ERASURE } from "./erasure.js";
export { UNIT_CALLS_PER_TRANSFER } from "./transfer.js";
export { UNIT_CALLS_PER_ACCESS_LOG } from "./accessLog.js";
export { MovedMemberFollower } from "./followMoves.js";
export { CrossUnitBookingCheck } from "./crossUnitBookings.js";
export { startMemberRightsRetry, type MemberRightsRetry } from "./retryWorker.js";
