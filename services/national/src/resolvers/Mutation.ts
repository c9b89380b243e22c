import type { MutationResolvers } from "../__generated__/resolvers-types.js";
import { bookWorkspace, cancelBooking } from "../bookings/bookingMutations.js";
import { registerMember, updateMember } from "../members/memberMutations.js";
import { eraseMemberRecord, recordErasureProgress, unlinkMemberBookings } from "../memberRights/erasure.js";
import {
  beginMemberTransfer,
  completeMemberTransfer,
  failMemberTransfer,
  receiveMember,
  recordTransferProgress,
  relinkMemberBookings,
} from "../memberRights/transfer.js";
import { settleMemberArrival } from "../memberRights/arrival.js";
import { beginBallot, settleBallot, settleCountedBallots } from "../vote/ballots.js";

export const Mutation: MutationResolvers = {
  registerMember: (_, { input }, context) => registerMember(input, context),
  updateMember: (_, { id, input }, context) => updateMember(id, input, context),
  bookWorkspace: (_, { input }, context) => bookWorkspace(input, context),
  cancelBooking: (_, { id }, context) => cancelBooking(id, context),
  eraseMemberRecord: (_, { id, reason, places }, context) => eraseMemberRecord(id, reason, places, context),
  recordErasureProgress: (_, { id, done }, context) => recordErasureProgress(id, done, context),
  unlinkMemberBookings: (_, { unit, memberId, pseudonym }, context) =>
    unlinkMemberBookings(unit, memberId, pseudonym, context),
  beginMemberTransfer: (_, { id, to, shares, cityId }, context) => beginMemberTransfer(id, to, shares, cityId, context),
  receiveMember: (_, { input }, context) => receiveMember(input, context),
  completeMemberTransfer: (_, { id, transferId, movedTo, places }, context) =>
    completeMemberTransfer(id, transferId, movedTo, places, context),
  settleMemberArrival: (_, { id }, context) => settleMemberArrival(id, context),
  failMemberTransfer: (_, { id, transferId, reason }, context) => failMemberTransfer(id, transferId, reason, context),
  relinkMemberBookings: (_, { unit, from, to }, context) => relinkMemberBookings(unit, from, to, context),
  recordTransferProgress: (_, { id, transferId, done }, context) =>
    recordTransferProgress(id, transferId, done, context),
  beginBallot: (_, { memberId, subjectId, sealedChoice }, context) =>
    beginBallot(memberId, subjectId, sealedChoice, context),
  settleBallot: (_, { memberId, subjectId, token, counted }, context) =>
    settleBallot(memberId, subjectId, token, counted, context),
  settleCountedBallots: (_, { country, ballots }, context) => settleCountedBallots(country, ballots, context),
};
