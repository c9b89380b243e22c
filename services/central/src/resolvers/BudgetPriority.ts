import { LANGUAGES } from "@smart/platform";
import type { BudgetPriorityResolvers } from "../__generated__/resolvers-types.js";
import { requireCentralId } from "../ids.js";
import { languagesOf, localized } from "../localized.js";

export const BudgetPriority: BudgetPriorityResolvers = {
  // Async: a bad ID fails this representation alone, not the batch (see Country).
  __resolveReference: async (reference, { loaders }) => loaders.budgetPriority.load(requireCentralId(reference.id)),

  title: async (priority, { lang }, context) => (await localized(context, priority.id, "title", lang)).text,

  description: async (priority, { lang }, context) => (await localized(context, priority.id, "description", lang)).text,

  // Title and description are translated together: the title's language is theirs.
  language: async (priority, { lang }, context) => (await localized(context, priority.id, "title", lang)).lang,

  languages: async (priority, _args, context) => {
    const written = new Set(await languagesOf(context, priority.id, "title"));
    return [
      priority.originalLanguage,
      ...LANGUAGES.filter((lang) => lang !== priority.originalLanguage && written.has(lang)),
    ];
  },
};
