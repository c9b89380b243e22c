import { DateScalar, localize } from "@smart/platform";
import { responsePathAsArray } from "graphql";
import type { Resolvers } from "../__generated__/references-types.js";
import { indicatorsOf } from "../indicators/catalogue.js";

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
  BudgetPriority: {
    // `area` comes from the central subgraph (@requires); the figures are computed once per fetch.
    indicators: async ({ area }, _args, context) => indicatorsOf(area, await context.figures(), context.today),
  },
  Indicator: {
    label: ({ labels }, { lang }, context) => localize(labels, lang ?? context.lang)?.text ?? "",
    // A null figure says why, on this field: the unit(s) it lacked.
    value: ({ value, errors }, _args, context, info) => {
      const path = responsePathAsArray(info.path);
      for (const error of errors) context.partialErrors.push({ ...error, path });
      return value;
    },
  },
};
