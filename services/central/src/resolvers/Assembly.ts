import type { AssemblyResolvers } from "../__generated__/resolvers-types.js";
import { requireCentralId } from "../ids.js";
import { cityReference } from "../references.js";

export const Assembly: AssemblyResolvers = {
  // Async: a bad ID fails this representation alone, not the batch (see Country).
  __resolveReference: async (reference, { loaders }) => loaders.assembly.load(requireCentralId(reference.id)),

  city: (assembly) => cityReference(assembly.cityId),

  resolutions: (assembly, _args, { loaders }) => loaders.resolutionsByAssembly.load(assembly.id),

  budgetPriorities: (assembly, _args, { loaders }) => loaders.budgetPrioritiesByAssembly.load(assembly.id),
};
