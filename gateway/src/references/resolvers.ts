import { DateScalar } from "@smart/platform";
import { responsePathAsArray } from "graphql";
import type { Resolvers } from "../__generated__/references-types.js";

/**
 * References only: a member is its ID, a booking its ID; the national subgraph
 * answers every other field, and the shard router sends each reference to the
 * unit its ID names. Neither entity has a `__resolveReference`: the representation
 * (with `memberId` where `Booking.member` requires it) is all this subgraph needs.
 */
export const referencesResolvers: Resolvers = {
  Date: DateScalar,
  Booking: {
    member: ({ memberId }) => (memberId ? { id: memberId } : null),
  },
  Member: {
    bookings: async ({ id }, { from, to }, context, info) => {
      const { ids, errors } = await context.memberBookings.load({ memberId: id, from: from ?? null, to: to ?? null });
      const path = responsePathAsArray(info.path);
      for (const error of errors) context.partialErrors.push({ ...error, path: [...path, ...(error.path ?? [])] });
      return ids?.map((bookingId) => ({ id: bookingId })) ?? null;
    },
  },
};
