import type { AccessPolicy, CountryCode, ServiceWork, Viewer } from "@smart/platform";
import type { UnitData } from "../unitData.js";

const isUnitStaff = (viewer: Viewer, unit: CountryCode) => viewer.role === "unit_staff" && viewer.unit === unit;

/**
 * The guarded fields the gateway's own work may use here (a service viewer
 * exists only on the gateway's signed calls), and nothing else: the indicators
 * count members by status (members/memberFilter.ts) and read public fields only;
 * the member-rights retry worker reads its backlog and the step logs it resumes,
 * and takes the steps of an erasure or a transfer already begun — never begins
 * one, and reads no member; the ballot work reads the ballots pending here and
 * settles them, and reads no member either; the unit directory asks central
 * only, and uses nothing here.
 */
export const SERVICE_FIELDS: Readonly<Record<ServiceWork, ReadonlySet<string>>> = {
  indicators: new Set(),
  member_rights: new Set([
    "Query.memberRightsBacklog",
    "Query.memberErasure",
    "Query.memberTransferRecord",
    "Mutation.recordErasureProgress",
    "Mutation.unlinkMemberBookings",
    "Mutation.receiveMember",
    "Mutation.completeMemberTransfer",
    "Mutation.settleMemberArrival",
    "Mutation.failMemberTransfer",
    "Mutation.relinkMemberBookings",
    "Mutation.recordTransferProgress",
  ]),
  ballots: new Set(["Query.pendingBallots", "Mutation.settleBallot", "Mutation.settleCountedBallots"]),
  unit_directory: new Set(),
};

/** The gateway's member-rights retry worker, on its signed call. */
export const isRetryWorker = (viewer: Viewer): boolean => viewer.role === "service" && viewer.work === "member_rights";

/** Whether the gateway's `work` may use the field being resolved. */
export const serviceMayUse = (
  work: ServiceWork,
  info: { parentType: { name: string }; fieldName: string } | undefined,
) => info !== undefined && SERVICE_FIELDS[work].has(`${info.parentType.name}.${info.fieldName}`);
const isSelf = (viewer: Viewer, memberId: unknown) => viewer.role === "member" && viewer.sub === memberId;

/**
 * The unit's reading of the access rules (README, "Who may see what"): anonymous callers see public data;
 * members see their own record and others' public fields; staff see and change
 * everything in their own unit (elsewhere they are as anonymous); the central
 * office reads everything and writes nothing here; the gateway's own work, only
 * what SERVICE_FIELDS names.
 */
export const nationalAccessPolicy: AccessPolicy<Pick<UnitData, "viewer" | "unit">> = (
  rule,
  { parent, args, context, info },
) => {
  const { viewer, unit } = context;
  if (viewer.role === "service") return rule === "PUBLIC" || (rule === "SIGNED_IN" && serviceMayUse(viewer.work, info));
  switch (rule) {
    case "PUBLIC":
      return true;
    case "SIGNED_IN":
      return viewer.role !== "anonymous";
    case "UNIT_READERS":
      return (
        viewer.role === "central_office" ||
        ((viewer.role === "member" || viewer.role === "unit_staff") && viewer.unit === unit)
      );
    case "OWNER":
      return (
        viewer.role === "central_office" ||
        isUnitStaff(viewer, unit) ||
        isSelf(viewer, (parent as { id?: unknown })?.id)
      );
    case "UNIT_STAFF":
      return isUnitStaff(viewer, unit);
    case "UNIT_STAFF_OR_SELF":
      return isUnitStaff(viewer, unit) || isSelf(viewer, args.id);
  }
};
