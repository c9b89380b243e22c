import type * as Sdl from "../__generated__/resolvers-types.js";
import type { BookingListArgs } from "../bookings/bookingList.js";
import type { BookingRequest } from "../bookings/bookingMutations.js";
import type { MemberFilter } from "../members/memberFilter.js";
import type { MemberListArgs } from "../members/memberList.js";
import type { MemberChanges, MemberRegistration } from "../members/memberMutations.js";
import type { ArrivingMemberInput } from "../memberRights/transfer.js";
import type { WorkspaceFilter, WorkspaceListArgs } from "../workspaces/workspaceList.js";

/** The fields of the SDL's input that the data layer's type does not take. */
type Untaken<SdlInput, DataInput> = Exclude<keyof SdlInput, keyof DataInput>;

/** `true` when the data layer takes every field of the SDL's input; else a type naming those it would ignore. */
type TakesEvery<SdlInput, DataInput> = [Untaken<SdlInput, DataInput>] extends [never]
  ? true
  : { untakenFields: Untaken<SdlInput, DataInput> };

/**
 * The data layer takes plain TS inputs and imports no generated type (the
 * dependency rule "national-data-layer-knows-no-graphql"), so each of its inputs
 * is held here against the SDL input it stands for: a field the SDL gains that the
 * data layer does not take (a new filter, `openNow`) fails to compile, naming it,
 * instead of being ignored. (What it does take must accept the SDL's values: the
 * resolvers pass the generated arguments to it.)
 */
export const INPUTS_TAKEN: {
  memberFilter: TakesEvery<Sdl.MemberFilter, MemberFilter>;
  members: TakesEvery<Omit<Sdl.QueryMembersArgs, "country">, MemberListArgs>;
  workspaceFilter: TakesEvery<Sdl.WorkspaceFilter, WorkspaceFilter>;
  workspaces: TakesEvery<Omit<Sdl.QueryWorkspacesArgs, "country">, WorkspaceListArgs>;
  bookings: TakesEvery<Sdl.QueryBookingsArgs, BookingListArgs>;
  bookWorkspace: TakesEvery<Sdl.BookWorkspaceInput, BookingRequest>;
  registerMember: TakesEvery<Sdl.RegisterMemberInput, MemberRegistration>;
  updateMember: TakesEvery<Sdl.UpdateMemberInput, MemberChanges>;
  receiveMember: TakesEvery<Sdl.ArrivingMemberInput, ArrivingMemberInput>;
} = {
  memberFilter: true,
  members: true,
  workspaceFilter: true,
  workspaces: true,
  bookings: true,
  bookWorkspace: true,
  registerMember: true,
  updateMember: true,
  receiveMember: true,
};
