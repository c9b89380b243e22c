import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import type { EntityManager } from "typeorm";
import { badUserInput, conflict, forbidden, notFound, type CountryCode, type Viewer } from "@smart/platform";
import type { NationalContext } from "../context.js";
import { checkOwnCountry, checkOwnId } from "../unitScope.js";

export type BallotState = "PENDING" | "COUNTED" | "VOID";

/** GraphQL `MemberBallot`: THAT a member voted on a subject; while pending, the outbox the gateway resumes from. */
export interface MemberBallot {
  memberId: string;
  subjectId: string;
  state: BallotState;
  /** While PENDING: central's idempotency key, and the member's receipt. */
  token: string | null;
  /** While PENDING: the choice, sealed by the gateway (this unit cannot open it). */
  sealedChoice: string | null;
}

const COLUMNS = `member_id AS "memberId", subject_id AS "subjectId", state, token, sealed_choice AS "sealedChoice"`;
const SUBJECT = /^EU:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A sealed choice: the gateway's AES-GCM text of a ranking of a few IDs at most. */
const MAX_SEALED = 4096;

const isBallotWork = (viewer: Viewer) => viewer.role === "service" && viewer.work === "ballots";
const gatewayOnly = () => forbidden("Ballots are cast through the gateway's castBallot only.");

function checkSubject(subjectId: string): string {
  if (!SUBJECT.test(subjectId))
    throw badUserInput(`subjectId: a resolution's or an assembly's ID (EU:…).`, { argumentName: "subjectId" });
  return subjectId;
}

/**
 * Step 1 of a ballot, as the member, on the gateway's signed call: a ballot
 * begun already on this subject is returned as it stands (the gateway resumes a
 * pending one and refuses a second); otherwise the unit decides whether the
 * member may vote — ACTIVE, at least one share, still living here — and records
 * the ballot as PENDING with a fresh random token.
 */
export async function beginBallot(
  memberId: string,
  subjectId: string,
  sealedChoice: string,
  context: NationalContext,
): Promise<MemberBallot> {
  checkOwnId(context.unit, memberId, "memberId");
  if (!context.signedByGateway) throw gatewayOnly();
  const { viewer } = context;
  if (viewer.role !== "member" || viewer.sub !== memberId)
    throw forbidden("A member votes for themself: no one may cast another member's ballot.");
  const subject = checkSubject(subjectId);
  if (typeof sealedChoice !== "string" || sealedChoice.length < 1 || sealedChoice.length > MAX_SEALED)
    throw badUserInput(`sealedChoice: the gateway's sealed text.`, { argumentName: "sealedChoice" });
  return context.dataSource.transaction(async (manager) => {
    // The member's row, shared: a suspension or a transfer waits for the ballot, or the ballot for it.
    const [member] = await manager.query<
      { status: string; shares: number; moved_to: string | null; erased_at: Date | null; moving: boolean }[]
    >(
      `SELECT status, shares, moved_to, erased_at,
         EXISTS (SELECT 1 FROM member_transfer t WHERE t.member_id = m.id AND t.step = 'REQUESTED') AS moving
       FROM member m WHERE id = $1 FOR SHARE OF m`,
      [memberId],
    );
    if (!member) throw notFound(`No member ${memberId}.`);
    const [begun] = await manager.query<MemberBallot[]>(
      `SELECT ${COLUMNS} FROM member_ballot WHERE member_id = $1 AND subject_id = $2`,
      [memberId, subject],
    );
    if (begun) return begun;
    if (member.moved_to || member.erased_at || member.status !== "ACTIVE")
      throw forbidden(
        `Only ACTIVE members vote: ${memberId} is ${member.moved_to ? "a member of another unit now" : member.status}.`,
      );
    // The transfer took the subjects voted on here to the member's new unit: they vote there once they have arrived.
    if (member.moving) throw conflict(`${memberId} is moving to another unit: they vote there once the move is done.`);
    if (member.shares < 1) throw forbidden(`Only members holding at least one share vote: ${memberId} holds none.`);
    const inserted = await manager.query<MemberBallot[]>(
      `INSERT INTO member_ballot (member_id, subject_id, state, token, sealed_choice) VALUES ($1, $2, 'PENDING', $3, $4)
       ON CONFLICT (member_id, subject_id) DO NOTHING RETURNING ${COLUMNS}`,
      [memberId, subject, randomUUID(), sealedChoice],
    );
    if (inserted[0]) return inserted[0];
    // Begun meanwhile by a concurrent request (the member's row is only shared).
    const [concurrent] = await manager.query<MemberBallot[]>(
      `SELECT ${COLUMNS} FROM member_ballot WHERE member_id = $1 AND subject_id = $2`,
      [memberId, subject],
    );
    return concurrent!;
  });
}

/**
 * Step 3: central counted the ballot, or refused it for good. The row keeps THAT
 * the member voted (COUNTED) or that their ballot is void, and forgets the token
 * and the sealed choice. Idempotent: a ballot settled already is returned as it is.
 */
export async function settleBallot(
  memberId: string,
  subjectId: string,
  token: string,
  counted: boolean,
  context: NationalContext,
): Promise<MemberBallot> {
  checkOwnId(context.unit, memberId, "memberId");
  const { viewer } = context;
  if (!context.signedByGateway || !((viewer.role === "member" && viewer.sub === memberId) || isBallotWork(viewer)))
    throw gatewayOnly();
  const subject = checkSubject(subjectId);
  if (!UUID.test(token)) throw badUserInput(`token: not a ballot's token.`, { argumentName: "token" });
  await context.dataSource.query(
    `UPDATE member_ballot SET state = $4, token = NULL, sealed_choice = NULL WHERE member_id = $1 AND subject_id = $2 AND token = $3 AND state = 'PENDING'`,
    [memberId, subject, token, counted ? "COUNTED" : "VOID"],
  );
  const [row] = await context.dataSource.query<MemberBallot[]>(
    `SELECT ${COLUMNS} FROM member_ballot WHERE member_id = $1 AND subject_id = $2`,
    [memberId, subject],
  );
  if (!row) throw notFound(`No ballot of ${memberId} on ${subject}.`);
  return row;
}

/**
 * A member arriving from another unit: the subjects they voted on there are
 * recorded as voted on here (COUNTED, no token, no choice), in the transaction
 * that registers them, so that a second ballot on one is refused as here.
 */
export async function recordVotedOn(
  manager: EntityManager,
  memberId: string,
  subjects: readonly string[],
): Promise<void> {
  if (!subjects.length) return;
  for (const subject of subjects) checkSubject(subject);
  await manager.query(
    `INSERT INTO member_ballot (member_id, subject_id, state) SELECT $1, subject, 'COUNTED' FROM unnest($2::text[]) AS subject
     ON CONFLICT (member_id, subject_id) DO NOTHING`,
    [memberId, subjects],
  );
}

/** The most ballots one settleCountedBallots settles. */
export const MAX_SETTLED_AT_ONCE = 1000;

/**
 * Step 3 for many ballots central counted (the gateway's ballot work, after the
 * members' answers): each PENDING one with its token becomes COUNTED and forgets
 * the token and the sealed choice, in one statement. Idempotent: a ballot settled
 * already, or with another token, is left as it is. Answers how many it settled.
 */
export async function settleCountedBallots(
  country: CountryCode,
  ballots: readonly { memberId: string; subjectId: string; token: string }[],
  context: NationalContext,
): Promise<number> {
  checkOwnCountry(context.unit, country);
  if (!context.signedByGateway || !isBallotWork(context.viewer)) throw gatewayOnly();
  if (ballots.length > MAX_SETTLED_AT_ONCE)
    throw badUserInput(`ballots: at most ${MAX_SETTLED_AT_ONCE} at once.`, { argumentName: "ballots" });
  for (const { memberId, subjectId, token } of ballots) {
    checkOwnId(context.unit, memberId, "memberId");
    checkSubject(subjectId);
    if (!UUID.test(token)) throw badUserInput(`token: not a ballot's token.`, { argumentName: "token" });
  }
  if (!ballots.length) return 0;
  const settled = await context.dataSource.query<unknown[]>(
    `UPDATE member_ballot b SET state = 'COUNTED', token = NULL, sealed_choice = NULL
     FROM unnest($1::text[], $2::text[], $3::uuid[]) AS s(member_id, subject_id, token)
     WHERE b.member_id = s.member_id AND b.subject_id = s.subject_id AND b.token = s.token AND b.state = 'PENDING'
     RETURNING 1`,
    [ballots.map((b) => b.memberId), ballots.map((b) => b.subjectId), ballots.map((b) => b.token)],
  );
  return settled.length;
}

/** Ballots begun and not settled (a gateway that died, central down): the gateway's ballot work resumes them. */
export async function pendingBallots(
  country: CountryCode | null | undefined,
  context: NationalContext,
): Promise<MemberBallot[]> {
  checkOwnCountry(context.unit, country);
  if (!context.signedByGateway || !isBallotWork(context.viewer))
    throw forbidden("Pending ballots are the gateway's ballot work's own.");
  return context.dataSource.query<MemberBallot[]>(
    `SELECT ${COLUMNS} FROM member_ballot WHERE state = 'PENDING' ORDER BY member_id, subject_id LIMIT 1000`,
  );
}

const castLoaders = new WeakMap<NationalContext, DataLoader<string, string[]>>();

/** The subjects the member has voted on (pending or counted): for the member alone, one statement per batch. */
export function ballotsCast(memberId: string, context: NationalContext): Promise<string[]> {
  const { viewer } = context;
  if (viewer.role !== "member" || viewer.sub !== memberId)
    throw forbidden("Which votes a member took part in is theirs alone to see.");
  let loader = castLoaders.get(context);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await context.dataSource.query<{ memberId: string; subjectId: string }[]>(
        `SELECT member_id AS "memberId", subject_id AS "subjectId" FROM member_ballot WHERE member_id = ANY($1) AND state <> 'VOID' ORDER BY subject_id`,
        [ids],
      );
      return ids.map((id) => rows.filter((row) => row.memberId === id).map((row) => row.subjectId));
    });
    castLoaders.set(context, loader);
  }
  return loader.load(memberId);
}
