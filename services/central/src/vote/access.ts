import { forbidden, unauthenticatedForField, type Viewer } from "@smart/platform";

/** The central office alone schedules assemblies and opens and closes their votes. */
export function checkCentralOffice(viewer: Viewer, what: string): void {
  if (viewer.role === "anonymous") throw unauthenticatedForField(`Sign in as the central office to ${what}.`);
  if (viewer.role !== "central_office") throw forbidden(`Only the central office may ${what}.`);
}

/**
 * The gateway's ballot work, on its signed call: the only one central counts a
 * ballot from. It names the voter's unit and never the member, so central
 * cannot learn who voted, even from its own request logs.
 */
export function checkBallotWork(viewer: Viewer, signedByGateway: boolean): void {
  if (!signedByGateway || viewer.role !== "service" || viewer.work !== "ballots")
    throw forbidden("Ballots are counted through the gateway's vote only: members vote with castBallot.");
}
