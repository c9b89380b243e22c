export {
  DEFAULT_UNIT_DIRECTORY_REFRESH_MS,
  fixedUnits,
  refreshingOnUnitChanges,
  UNIT_DIRECTORY_VIEWER,
  UnitDirectory,
  type UnitDirectoryOptions,
  type Units,
  type UnitsChange,
} from "./unitDirectory.js";
export { DEFAULT_UNIT_URLS, unitUrlOf, type UnitUrlSettings } from "./unitUrls.js";
