export { seedUnit, type SeedUnitOptions, type SeedUnitResult } from "./seedUnit.js";
export { DEFAULT_MEMBERS_PER_UNIT, membersPerUnitFlag } from "./membersPerUnit.js";
export { UNIT_CITIES, cityId, slugify } from "./cities.js";
export { UNIT_WORKSPACES } from "./workspaces.js";
