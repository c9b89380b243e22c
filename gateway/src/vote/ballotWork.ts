import type { ServiceViewer } from "@smart/platform";

/**
 * Who the vote calls central as, and the units for their pending ballots: the
 * gateway's ballot work, never the member. Central is thus told a ballot's unit
 * and choice by a caller that names no one.
 */
export const BALLOTS_VIEWER: ServiceViewer = Object.freeze({ role: "service", work: "ballots" });
