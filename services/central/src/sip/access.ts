import { forbidden, unauthenticatedForField, type Viewer } from "@smart/platform";
import type { CentralContext } from "../context.js";

/** The central office, and no one else: it runs Smart In Progress. */
export function requireCentralOffice(viewer: Viewer, action: string): void {
  if (viewer.role === "anonymous") throw unauthenticatedForField(`Sign in as the central office to ${action}.`);
  if (viewer.role !== "central_office") throw forbidden(`Only the central office may ${action}.`);
}

/**
 * The signed-in member, acting for themself: their ID is the verified one, never
 * an argument, so no one (staff, the central office) can act for a member.
 */
export function requireMember(viewer: Viewer, action: string): string {
  if (viewer.role === "anonymous") throw unauthenticatedForField(`Sign in as a member to ${action}.`);
  if (viewer.role !== "member") throw forbidden(`Only a member may ${action}, for themself.`);
  return viewer.sub;
}

/**
 * A step the gateway takes once the member's (or the city's) unit has answered:
 * only on its signed call, which no client can make (the step is @inaccessible).
 */
export function requireGatewayStep({ signedByGateway }: CentralContext, operation: string): void {
  if (!signedByGateway) throw forbidden(`${operation} is the gateway's step: call it through the gateway.`);
}
