import { countryOfId, type AccessPolicy } from "@smart/platform";
import type { ReferencesContext } from "./context.js";

/**
 * The references subgraph's reading of `@access`. It answers for no unit, so
 * "the member's unit" is read from the member's ID. Rules about "the unit
 * answering" mean nothing here and refuse.
 */
export const referencesAccessPolicy: AccessPolicy<ReferencesContext> = (rule, { parent, context: { viewer } }) => {
  switch (rule) {
    case "PUBLIC":
      return true;
    case "SIGNED_IN":
      return viewer.role !== "anonymous";
    case "OWNER": {
      const memberId = (parent as { id?: unknown } | null)?.id;
      if (typeof memberId !== "string") return false;
      if (viewer.role === "central_office") return true;
      if (viewer.role === "unit_staff") return viewer.unit === countryOfId(memberId);
      return viewer.role === "member" && viewer.sub === memberId;
    }
    default:
      return false;
  }
};
