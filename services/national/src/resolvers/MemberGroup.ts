import type { MemberGroupResolvers } from "../__generated__/resolvers-types.js";

export const MemberGroup: MemberGroupResolvers = {
  city: (group, _, context) => (group.cityId === null ? null : context.loaders.city.load(group.cityId)),
};
