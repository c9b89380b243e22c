import { ballotsCast } from "../vote/ballots.js";
import type { MemberResolvers } from "../__generated__/resolvers-types.js";
import { memberMoved, unauthenticatedForField } from "@smart/platform";
import type { NationalContext } from "../context.js";
import type { MemberRecord } from "../entity/index.js";
import { isOwnId } from "../unitScope.js";

/** The member, or MEMBER_MOVED naming their ID in the unit they moved to (the gateway follows it). */
export async function liveMember(id: string, context: NationalContext): Promise<MemberRecord | null> {
  const member = await context.loaders.member.load(id);
  if (member?.movedTo) throw memberMoved(id, member.movedTo);
  return member;
}

export const Member: MemberResolvers = {
  /**
   * The router only sends this unit's IDs; a foreign one reached directly finds
   * nothing. A reference the gateway did not sign is a direct caller's and follows
   * `Query.member`'s rule (SIGNED_IN): otherwise one anonymous `_entities` call
   * would list the unit's members.
   */
  __resolveReference: ({ id }, context) => {
    if (!context.signedByGateway && context.viewer.role === "anonymous")
      throw unauthenticatedForField("Sign in to look members up.");
    return isOwnId(context.unit, id) ? liveMember(id, context) : null;
  },
  displayName: (member) => `${member.firstName} ${member.lastName}`,
  initials: (member) => `${[...member.firstName][0] ?? ""}${[...member.lastName][0] ?? ""}`.toUpperCase(),
  country: (_, __, context) => ({ code: context.unit }),
  // Reads join the city in; a member written just now has only its ID.
  city: (member, _, context) => member.city ?? context.loaders.city.load(member.cityId).then((city) => city!),
  activeIn: (member) => member.activeIn.map((code) => ({ code })),
  /** This unit's bookings of its member; bookings abroad live in the other units (root `bookings(member:)`). */
  ballotsCast: (member, _, context) => ballotsCast(member.id, context),
  bookings: (member, { from, to }, context) =>
    context.loaders.bookingsByMember.load({ id: member.id, from: from ?? null, to: to ?? null }),
};
