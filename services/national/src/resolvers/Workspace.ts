import type { WorkspaceResolvers } from "../__generated__/resolvers-types.js";
import { isOwnId } from "../unitScope.js";

export const Workspace: WorkspaceResolvers = {
  __resolveReference: ({ id }, context) => (isOwnId(context.unit, id) ? context.loaders.workspace.load(id) : null),
  city: async (workspace, _, context) => (await context.loaders.city.load(workspace.cityId))!,
};
