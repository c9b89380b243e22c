export { ReferencesDataSource, type ReferencesDataSourceOptions } from "./referencesDataSource.js";
export { buildReferencesSchema } from "./referencesSchema.js";
export { MEMBERS_PER_CALL } from "./memberBookings.js";
