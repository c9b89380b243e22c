import type { AccessPolicy, CountryCode, Viewer } from "@smart/platform";
import type { UnitData } from "../unitData.js";

const isUnitStaff = (viewer: Viewer, unit: CountryCode) => viewer.role === "unit_staff" && viewer.unit === unit;
const isSelf = (viewer: Viewer, memberId: unknown) => viewer.role === "member" && viewer.sub === memberId;

/**
 * The unit's reading of the access rules (README, "Who may see what"): anonymous callers see public data;
 * members see their own record and others' public fields; staff see and change
 * everything in their own unit (elsewhere they are as anonymous); the central
 * office reads everything and writes nothing here.
 */
export const nationalAccessPolicy: AccessPolicy<Pick<UnitData, "viewer" | "unit">> = (rule, { parent, args, context }) => {
  const { viewer, unit } = context;
  switch (rule) {
    case "PUBLIC":
      return true;
    case "SIGNED_IN":
      return viewer.role !== "anonymous";
    case "UNIT_READERS":
      return viewer.role === "central_office" || ((viewer.role === "member" || viewer.role === "unit_staff") && viewer.unit === unit);
    case "OWNER":
      return viewer.role === "central_office" || isUnitStaff(viewer, unit) || isSelf(viewer, (parent as { id?: unknown })?.id);
    case "UNIT_STAFF":
      return isUnitStaff(viewer, unit);
    case "UNIT_STAFF_OR_SELF":
      return isUnitStaff(viewer, unit) || isSelf(viewer, args.id);
  }
};
