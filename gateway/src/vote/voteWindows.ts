import { LRUCache } from "lru-cache";
import type { BallotSubjectQuery } from "../__generated__/central-operations.js";

/** Central's answer to a ballot's first step: the subject and its vote's window. */
export type BallotSubject = NonNullable<BallotSubjectQuery["ballotSubject"]>;

/** How long a subject whose vote is open is answered from the gateway's copy. */
export const VOTE_WINDOW_KEPT_MS = 2000;
/** Subjects kept at most: the resolutions and assemblies of the votes open at once. */
const SUBJECTS_KEPT = 1000;

const keyOf = (resolutionId: string | null, assemblyId: string | null) =>
  `${resolutionId ?? ""}\u0000${assemblyId ?? ""}`;

/**
 * The subjects of open votes, as central last said, for a short while: a ballot
 * then takes three calls, not four. Only an open window is kept (a vote opened
 * meanwhile is seen at once); a kept one is still refused here once past its
 * `voteClosesAt`. A vote the central office closes early is refused by central
 * when the ballot is counted (VOTE_CLOSED, the unit's record void, nothing
 * counted), which forgets the assembly's subjects here: the gateway that sees
 * the refusal asks central again from the next ballot on, the others within
 * `VOTE_WINDOW_KEPT_MS`.
 */
export class VoteWindows {
  private readonly open: LRUCache<string, BallotSubject>;

  constructor(keptMs = VOTE_WINDOW_KEPT_MS) {
    this.open = new LRUCache({ max: SUBJECTS_KEPT, ttl: keptMs });
  }

  get(resolutionId: string | null, assemblyId: string | null): BallotSubject | undefined {
    return this.open.get(keyOf(resolutionId, assemblyId));
  }

  /** Keeps `subject` as asked by these arguments if its vote is open. */
  keep(resolutionId: string | null, assemblyId: string | null, subject: BallotSubject): void {
    if (subject.voteStatus === "OPEN") this.open.set(keyOf(resolutionId, assemblyId), subject);
  }

  /** Forgets every subject of the assembly of `subjectId` (a resolution or an assembly), whose vote central refused. */
  forget(subjectId: string): void {
    const assemblies = new Set<string>();
    for (const subject of this.open.values())
      if (subject.resolutionId === subjectId || subject.assemblyId === subjectId) assemblies.add(subject.assemblyId);
    for (const [key, subject] of this.open.entries()) if (assemblies.has(subject.assemblyId)) this.open.delete(key);
  }
}
