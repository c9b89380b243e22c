import type { MemberResolvers } from "../__generated__/resolvers-types.js";
import { unauthenticatedForField } from "@smart/platform";
import { isOwnId } from "../unitScope.js";

export const Member: MemberResolvers = {
  /**
   * The router only sends this unit's IDs; a foreign one reached directly finds
   * nothing. A reference the gateway did not sign is a direct caller's and follows
   * `Query.member`'s rule (SIGNED_IN): otherwise one anonymous `_entities` call
   * would list the unit's members.
   */
  __resolveReference: ({ id }, context) => {
    if (!context.signedByGateway && context.viewer.role === "anonymous") throw unauthenticatedForField("Sign in to look members up.");
    return isOwnId(context.unit, id) ? context.loaders.member.load(id) : null;
  },
  displayName: (member) => `${member.firstName} ${member.lastName}`,
  country: (_, __, context) => ({ code: context.unit }),
  city: async (member, _, context) => (await context.loaders.city.load(member.cityId))!,
  activeIn: (member) => member.activeIn.map((code) => ({ code })),
  /** This unit's bookings of its member; bookings abroad live in the other units (root `bookings(member:)`). */
  bookings: (member, { from, to }, context) => context.loaders.bookingsByMember.load({ id: member.id, from: from ?? null, to: to ?? null }),
};
