import { GraphQLScalarType } from "graphql";
import type { Resolvers } from "../__generated__/member-rights-types.js";
import { exportDocument, exportMemberData } from "./memberDataExport.js";
import { eraseMember, erasureStatus } from "./erasure.js";
import { memberTransfer, transferMember } from "./transfer.js";
import { joinWorkingGroup, openWorkingGroup, proposeRecommendation, supportRecommendation } from "./sip.js";
import { personalDataAccessLog } from "./accessLog.js";
import { voteMutations } from "../vote/resolvers.js";
import { CountryCodeScalar } from "@smart/platform";

const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  serialize: (value) => (value instanceof Date ? value.toISOString() : value),
});

const JsonScalar = new GraphQLScalarType({ name: "JSON", serialize: (value) => value });

/** Member and bookings as references: the national subgraph answers their fields, under the caller's rights. */
export const memberRightsResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  CountryCode: CountryCodeScalar,
  JSON: JsonScalar,
  Query: {
    memberDataExport: (_, { memberId }, context) => exportMemberData(memberId, context),
    erasureStatus: (_, { memberId }, context) => erasureStatus(memberId, context),
    memberTransfer: (_, { memberId }, context) => memberTransfer(memberId, context),
    personalDataAccessLog: (_, { memberId }, context) => personalDataAccessLog(memberId, context),
  },
  Mutation: {
    eraseMember: (_, { memberId, reason }, context) => eraseMember(memberId, reason, context),
    transferMember: (_, { memberId, to, cityId }, context) => transferMember(memberId, to, cityId, context),
    joinWorkingGroup: (_, { workingGroupId }, context) => joinWorkingGroup(workingGroupId, context),
    proposeRecommendation: (_, { workingGroupId, title }, context) =>
      proposeRecommendation(workingGroupId, title, context),
    supportRecommendation: (_, { recommendationId }, context) => supportRecommendation(recommendationId, context),
    openWorkingGroup: (_, { input }, context) => openWorkingGroup(input, context),
    ...voteMutations,
  },
  MemberDataExport: {
    member: (data) => ({ id: data.member.id }),
    bookings: (data) => data.bookings.map((booking) => ({ id: booking.id })),
    accessLog: (data) => data.accessLog,
    json: (data) => exportDocument(data),
  },
};
