import type { QueryResolvers } from "../__generated__/resolvers-types.js";
import { maySeeBooking, noBookingYouMaySee } from "../bookings/bookingAccess.js";
import { listBookings } from "../bookings/bookingList.js";
import { listCities } from "../cities/cityList.js";
import { countMembers, listMembers } from "../members/memberList.js";
import { memberStats } from "../members/memberStats.js";
import { workspaceOccupancy } from "../workspaces/occupancy.js";
import { listWorkspaces } from "../workspaces/workspaceList.js";
import { seatDaysBooked, seatDaysOffered } from "../workspaces/seatDays.js";
import { checkOwnCountry, checkOwnId } from "../unitScope.js";
import { formerMemberId, personalDataAccessLog } from "../memberRights/accessLog.js";
import { currentMemberId } from "../bookings/bookingMutations.js";
import { memberErasure } from "../memberRights/erasure.js";
import { memberRightsBacklog, memberTransferRecord } from "../memberRights/transfer.js";
import { liveMember } from "./Member.js";
import { pendingBallots } from "../vote/ballots.js";

export const Query: QueryResolvers = {
  member: (_, { id }, context) => {
    checkOwnId(context.unit, id, "id");
    return liveMember(id, context);
  },
  city: (_, { id }, context) => {
    checkOwnId(context.unit, id, "id");
    return context.loaders.city.load(id);
  },
  workspace: (_, { id }, context) => {
    checkOwnId(context.unit, id, "id");
    return context.loaders.workspace.load(id);
  },
  members: (_, { country, ...args }, context) => {
    checkOwnCountry(context.unit, country);
    return listMembers(args, context);
  },
  memberCount: (_, { country, filter }, context) => {
    checkOwnCountry(context.unit, country);
    return countMembers(filter, context);
  },
  cities: (_, { country }, context) => {
    checkOwnCountry(context.unit, country);
    return listCities(context.dataSource);
  },
  workspaces: (_, { country, ...args }, context) => {
    checkOwnCountry(context.unit, country);
    return listWorkspaces(args, context);
  },
  booking: async (_, { id }, context) => {
    checkOwnId(context.unit, id, "id");
    const booking = await context.loaders.booking.load(id);
    if (!booking || !maySeeBooking(context.viewer, context.unit, booking.memberId))
      throw noBookingYouMaySee(id, context.unit);
    return booking;
  },
  bookings: (_, args, context) => listBookings(args, context),
  personalDataAccessLog: (_, { memberId }, context) => personalDataAccessLog(memberId, context),
  formerMemberId: (_, { memberId }, context) => formerMemberId(memberId, context),
  currentMemberId: (_, { id }, context) => currentMemberId(id, context),
  memberErasure: (_, { id }, context) => memberErasure(id, context),
  memberTransferRecord: (_, { id }, context) => memberTransferRecord(id, context),
  memberRightsBacklog: (_, { country }, context) => memberRightsBacklog(country, context),
  pendingBallots: (_, { country }, context) => pendingBallots(country, context),
  memberStats: (_, { country, filter, groupBy }, context) => {
    checkOwnCountry(context.unit, country);
    return memberStats(filter, groupBy, context);
  },
  workspaceOccupancy: (_, { from, to, country }, context) => {
    checkOwnCountry(context.unit, country);
    return workspaceOccupancy(from, to, context.dataSource);
  },
  seatDaysOffered: (_, { from, to, country }, context) => {
    checkOwnCountry(context.unit, country);
    return seatDaysOffered(from, to, context.dataSource);
  },
  seatDaysBooked: (_, { from, to, country }, context) => {
    checkOwnCountry(context.unit, country);
    return seatDaysBooked(from, to, context.dataSource);
  },
};
