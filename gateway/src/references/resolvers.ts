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
    // `area` comes from the central subgraph (@requires).
    indicators: ({ area }, _args, context) => indicatorsOf(area, context.today, context.units),
  },
  Indicator: {
    label: ({ labels }, { lang }, context) => localize(labels, lang ?? context.lang)?.text ?? "",
    language: ({ labels }, { lang }, context) => localize(labels, lang ?? context.lang)?.lang ?? "EN",
    // The figures are computed once per fetch, at the first value asked for. A null one says why, here: the unit(s) it lacked.
    value: async ({ key }, _args, context, info) => {
      const figure = (await context.figures()).get(key);
      if (!figure) throw new Error(`No figure computed for indicator ${key}`);
      const path = responsePathAsArray(info.path);
      for (const error of figure.errors) context.partialErrors.push({ ...error, path });
      return figure.value;
    },
  },
};
