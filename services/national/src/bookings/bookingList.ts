import { badUserInput, countryOfId, forbidden, MAX_UNPAGED_ROWS, tooManyRows } from "@smart/platform";
import { BookingEntity, type Booking } from "../entity/index.js";
import type { UnitData } from "../unitData.js";
import { checkOwnId } from "../unitScope.js";
import { bookingVisibility } from "./bookingAccess.js";
import { checkDayRange, daysBetween } from "./calendar.js";

export interface BookingListArgs {
  member?: string | null;
  workspace?: string | null;
  from?: string | null;
  to?: string | null;
}

/**
 * The root `bookings`: the unit's bookings the caller may see, narrowed by the
 * arguments, by date. Without a member to narrow to, a bounded range of days is
 * required, so that no request reads a unit's whole history.
 */
export async function listBookings(
  args: BookingListArgs,
  { viewer, unit, dataSource }: Pick<UnitData, "viewer" | "unit" | "dataSource">,
): Promise<Booking[]> {
  const query = dataSource.getRepository(BookingEntity).createQueryBuilder("b");

  if (args.member != null) {
    if (countryOfId(args.member) === null) {
      throw badUserInput(
        `member ${JSON.stringify(args.member.slice(0, 60))} is not a member ID: member IDs start with a country code and a colon.`,
        {
          argumentName: "member",
        },
      );
    }
    // A member asking for someone else's is refused everywhere alike. Staff are not: staff of
    // one unit see another unit's member in their own workspaces, so a fan-out of
    // `bookings(member:)` gets their part from their unit and empty lists from the others.
    if (viewer.role === "member" && viewer.sub !== args.member) {
      throw forbidden(
        `You may not see ${args.member}'s bookings: a member sees their own; staff and the central office see others'.`,
      );
    }
    query.andWhere("b.memberId = :member", { member: args.member });
  }

  const visibility = bookingVisibility(viewer, unit);
  if (visibility.kind === "none") return [];
  if (visibility.kind === "member") query.andWhere("b.memberId = :viewer", { viewer: visibility.memberId });
  if (visibility.kind === "membersOf")
    query.andWhere("starts_with(b.memberId, :prefix)", { prefix: `${visibility.unit}:` });
  const oneMember = args.member != null || visibility.kind === "member";

  if (args.workspace != null) {
    checkOwnId(unit, args.workspace, "workspace");
    query.andWhere("b.workspaceId = :workspace", { workspace: args.workspace });
  }

  if (!oneMember && (args.from == null || args.to == null)) {
    throw badUserInput("Give `from` and `to` (at most 62 days apart), or a `member`.", {
      argumentName: args.from == null ? "from" : "to",
    });
  }
  if (args.from != null && args.to != null) {
    if (oneMember) {
      if (daysBetween(args.from, args.to) < 0)
        throw badUserInput(`from ${args.from} is after to ${args.to}.`, { argumentName: "from" });
    } else {
      checkDayRange(args.from, args.to);
    }
  }
  if (args.from != null) query.andWhere("b.date >= :from", { from: args.from });
  if (args.to != null) query.andWhere("b.date <= :to", { to: args.to });

  // A list without `first`: bounded, so that what the gateway prices per booking holds (one row more tells it is longer).
  const rows = await query
    .orderBy("b.date", "ASC")
    .addOrderBy("b.id", "ASC")
    .limit(MAX_UNPAGED_ROWS + 1)
    .getMany();
  if (rows.length > MAX_UNPAGED_ROWS) throw tooManyRows("`bookings`");
  return rows;
}
