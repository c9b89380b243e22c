import type { CityResolvers } from "../__generated__/resolvers-types.js";
import { isOwnId } from "../unitScope.js";
import { disclosedCount } from "../members/disclosure.js";

export const City: CityResolvers = {
  __resolveReference: ({ id }, context) => (isOwnId(context.unit, id) ? context.loaders.city.load(id) : null),
  country: (_, __, context) => ({ code: context.unit }),
  workspaces: (city, _, context) => context.loaders.workspacesByCity.load(city.id),
  memberCount: async (city, _, context) =>
    disclosedCount(await context.loaders.memberCountByCity.load(city.id), context),
};
