import { DateScalar, DateTimeScalar, CountryCodeScalar } from "@smart/platform";
import type { Resolvers } from "../__generated__/resolvers-types.js";
import { Assembly } from "./Assembly.js";
import { BudgetPriority } from "./BudgetPriority.js";
import { Country } from "./Country.js";
import { Query } from "./Query.js";
import { Recommendation } from "./Recommendation.js";
import { SipCountryParticipation } from "./SipCountryParticipation.js";
import { SipCycle } from "./SipCycle.js";
import { WorkingGroup } from "./WorkingGroup.js";
import { sipMutations } from "./sipMutations.js";
import { pseudonymiseMember, relinkSipMember } from "../memberRights/sipParticipations.js";
import { voteResolvers } from "../vote/resolvers.js";
import { admitUnit, retireUnit } from "../directory/admission.js";

/** Resolution and Money need no resolvers of their own: their fields are the parent's properties. */
export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  CountryCode: CountryCodeScalar,
  Query: { ...Query, ...voteResolvers.Query },
  Mutation: {
    ...voteResolvers.Mutation,
    pseudonymiseMember: (_, { memberId, pseudonym }, context) => pseudonymiseMember(memberId, pseudonym, context),
    relinkSipMember: (_, { from, to }, context) => relinkSipMember(from, to, context),
    admitUnit: (_, { input }, context) => admitUnit(input, context),
    retireUnit: (_, { code }, context) => retireUnit(code, context),
    ...sipMutations,
  },
  Country,
  Assembly: { ...Assembly, ...voteResolvers.Assembly },
  Resolution: voteResolvers.Resolution,
  UnitTurnout: voteResolvers.UnitTurnout,
  CountryTally: voteResolvers.CountryTally,
  BudgetPriority,
  SipCycle,
  SipCountryParticipation,
  WorkingGroup,
  Recommendation,
};
