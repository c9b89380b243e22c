import type { CountryResolvers } from "../__generated__/resolvers-types.js";
import { listCities } from "../cities/cityList.js";
import { countMembers } from "../members/memberList.js";
import { listWorkspaces } from "../workspaces/workspaceList.js";
import { checkOwnCountry } from "../unitScope.js";

export const Country: CountryResolvers = {
  __resolveReference: ({ code }, context) => {
    checkOwnCountry(context.unit, code);
    return { code: context.unit };
  },
  id: ({ code }) => code,
  cities: (_, __, context) => listCities(context.dataSource),
  workspaces: (_, args, context) => listWorkspaces(args, context),
  memberCount: (_, { filter }, context) => countMembers(filter, context),
};
