import type { CountryResolvers } from "../__generated__/resolvers-types.js";
import { CityEntity } from "../entity/index.js";
import { countMembers } from "../members/memberList.js";
import { listWorkspaces } from "../workspaces/workspaceList.js";
import { checkOwnCountry } from "../unitScope.js";

export const Country: CountryResolvers = {
  __resolveReference: ({ code }, context) => {
    checkOwnCountry(context.unit, code);
    return { code: context.unit };
  },
  cities: (_, __, context) => context.dataSource.getRepository(CityEntity).find({ order: { nameKey: "ASC", id: "ASC" } }),
  workspaces: (_, args, context) => listWorkspaces(args, context),
  memberCount: (_, { filter }, context) => countMembers(filter, context),
};
