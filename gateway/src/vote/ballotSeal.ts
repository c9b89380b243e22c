import { deriveCursorKey, sealJson, unsealJson, type CursorKeys } from "@smart/platform";

/** What a member chose: on a resolution, or a ranking of an assembly's priorities. */
export type BallotContent = { choice: "FOR" | "AGAINST" | "ABSTAIN" } | { ranking: string[] };

/**
 * Seals a ballot's content for the voter's unit to hold while it is pending,
 * under a key only the gateway derives (from CURSOR_MASTER_KEY, info
 * "cursor/v1/ballots"): the unit records THAT the member voted and carries the
 * choice it cannot read. Bound to the member and the subject, a sealed choice
 * cannot be replayed as another member's or on another resolution.
 */
export interface BallotSeal {
  seal(memberId: string, subjectId: string, content: BallotContent): string;
  /** The content, or null when it does not open (another key, or another member's or subject's). */
  open(memberId: string, subjectId: string, sealed: string): BallotContent | null;
}

export function ballotSeal(masters: CursorKeys): BallotSeal {
  const keys = masters.map((master) => deriveCursorKey(master, "ballots"));
  const aad = (memberId: string, subjectId: string) => Buffer.from(`${memberId}\u0000${subjectId}`);
  return {
    seal: (memberId, subjectId, content) => sealJson(keys[0]!, aad(memberId, subjectId), content),
    open(memberId, subjectId, sealed) {
      const content = unsealJson(keys, aad(memberId, subjectId), sealed) as BallotContent | null;
      if (!content || typeof content !== "object") return null;
      return "choice" in content || "ranking" in content ? content : null;
    },
  };
}

/** The same content: the same choice, or the same ranking in the same order. */
export const sameContent = (a: BallotContent, b: BallotContent) => JSON.stringify(a) === JSON.stringify(b);
