export {
  MemberRightsDataSource,
  buildMemberRightsSchema,
  type MemberRightsDataSourceOptions,
} from "./memberRightsDataSource.js";
export { memberRightsSteps } from "./operations.js";
export { MovedMemberFollower } from "./followMoves.js";
export { CrossUnitBookingCheck } from "./crossUnitBookings.js";
export { startMemberRightsRetry, type MemberRightsRetry } from "./retryWorker.js";
