import { countryOfId, forbidden, notFound } from "@smart/platform";
import type { NationalContext } from "../context.js";
import { checkOwnId } from "../unitScope.js";
import { mayContinue } from "./transfer.js";

/**
 * After step 3 of a transfer, in the unit the member joined: the unit they left
 * no longer counts them (their row there is a tombstone), so this unit does from
 * now on. Until then the member is `arriving` (see migration
 * ArrivalsCountedOnceSettled): counted once, wherever the transfer stopped.
 * The gateway's signed call only, by whoever may take the transfer's steps.
 * Repeating it changes nothing.
 */
export async function settleMemberArrival(id: string, context: NationalContext): Promise<boolean> {
  checkOwnId(context.unit, id, "id");
  if (!context.signedByGateway) throw forbidden("Members are moved between units by the gateway's transfer only.");
  const [arrival] = await context.dataSource.query<{ former_id: string }[]>(
    `SELECT former_id FROM member_arrival WHERE member_id = $1`,
    [id],
  );
  if (!mayContinue(context.viewer, arrival ? countryOfId(arrival.former_id) : null)) {
    throw forbidden("Only staff of the member's former unit and the central office may move a member to another unit.");
  }
  if (!arrival) throw notFound(`No member ${id} arrived in the ${context.unit} unit by a transfer.`);
  await context.dataSource.query(`UPDATE member SET arriving = false WHERE id = $1 AND arriving`, [id]);
  return true;
}
