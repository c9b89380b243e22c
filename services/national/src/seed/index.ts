export { seedUnit, type SeedUnitOptions, type SeedUnitResult } from "./seedUnit.js";
export { UNIT_CITIES, cityId, slugify } from "./cities.js";
export { UNIT_WORKSPACES } from "./workspaces.js";
