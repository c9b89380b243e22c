import { unauthenticatedForField } from "@smart/platform";
import type { BookingResolvers } from "../__generated__/resolvers-types.js";
import { maySeeBooking } from "../bookings/bookingAccess.js";
import { isOwnId } from "../unitScope.js";

export const Booking: BookingResolvers = {
  __resolveReference: async ({ id }, context) => {
    // A reference the gateway did not sign follows `Query.booking`'s rule (SIGNED_IN).
    if (!context.signedByGateway && context.viewer.role === "anonymous")
      throw unauthenticatedForField("Sign in to look bookings up.");
    if (!isOwnId(context.unit, id)) return null;
    const booking = await context.loaders.booking.load(id);
    // One a caller may not see resolves to nothing, as a missing one does.
    return booking && maySeeBooking(context.viewer, context.unit, booking.memberId) ? booking : null;
  },
  workspace: async (booking, _, context) => (await context.loaders.workspace.load(booking.workspaceId))!,
  /**
   * A unit knows its own members only. Through the gateway this field is meant to
   * be taken over (`@override`) by a subgraph that returns the reference
   * `{ id: memberId }`, which the shard router then resolves from the member's
   * own unit (see bookings/README.md).
   */
  member: (booking, _, context) =>
    isOwnId(context.unit, booking.memberId) ? context.loaders.member.load(booking.memberId) : null,
};
