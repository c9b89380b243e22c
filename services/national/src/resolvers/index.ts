import { DateScalar, CountryCodeScalar } from "@smart/platform";
import type { Resolvers } from "../__generated__/resolvers-types.js";
import { Booking } from "./Booking.js";
import { City } from "./City.js";
import { Country } from "./Country.js";
import { DateTime } from "./DateTime.js";
import { Member } from "./Member.js";
import { MemberGroup } from "./MemberGroup.js";
import { Mutation } from "./Mutation.js";
import { Query } from "./Query.js";
import { Workspace } from "./Workspace.js";

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Country,
  Member,
  MemberGroup,
  City,
  Workspace,
  Booking,
  Date: DateScalar,
  CountryCode: CountryCodeScalar,
  DateTime,
};
