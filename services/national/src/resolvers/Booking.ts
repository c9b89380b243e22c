import { forbidden, unauthenticatedForField } from "@smart/platform";
import type { BookingResolvers } from "../__generated__/resolvers-types.js";
import { maySeeBooking } from "../bookings/bookingAccess.js";
import { isOwnId } from "../unitScope.js";

export const Booking: BookingResolvers = {
  __resolveReference: async ({ id }, context) => {
    if (!isOwnId(context.unit, id)) return null;
    const booking = await context.loaders.booking.load(id);
    if (booking && !maySeeBooking(context.viewer, context.unit, booking.memberId)) {
      if (context.viewer.role === "anonymous") throw unauthenticatedForField(`Sign in to see booking ${id}.`);
      throw forbidden(`You may not see booking ${id}.`);
    }
    return booking;
  },
  workspace: async (booking, _, context) => (await context.loaders.workspace.load(booking.workspaceId))!,
  /**
   * A unit knows its own members only. Through the gateway this field is meant to
   * be taken over (`@override`) by a subgraph that returns the reference
   * `{ id: memberId }`, which the shard router then resolves from the member's
   * own unit (see bookings/README.md).
   */
  member: (booking, _, context) => (isOwnId(context.unit, booking.memberId) ? context.loaders.member.load(booking.memberId) : null),
};
