export * from "./Booking.js";
export * from "./City.js";
export * from "./Member.js";
export * from "./Workspace.js";
import { BookingEntity } from "./Booking.js";
import { CityEntity } from "./City.js";
import { MemberEntity } from "./Member.js";
import { WorkspaceEntity } from "./Workspace.js";

export const entities = [CityEntity, MemberEntity, WorkspaceEntity, BookingEntity];
export type { MemberGroupRow } from "./MemberGroupRow.js";
export { memberNameColumns, placeNameKey } from "./nameKeys.js";
