export { MemberRightsDataSource, buildMemberRightsSchema, type MemberRightsDataSourceOptions } from "./memberRightsDataSource.js";
export { UNIT_CALLS_PER_EXPORT } from "./memberDataExport.js";
export { UNIT_CALLS_PER_ERASURE } from "./erasure.js";
