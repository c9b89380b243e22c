import { badUserInput, countryOfId, forbidden, notFound, type CountryCode, type Viewer } from "@smart/platform";

/**
 * Who may see a booking of this unit: the member booked, staff of the unit
 * (the workspace is theirs), staff of the member's unit (their member books
 * abroad) and the central office.
 */
export function maySeeBooking(viewer: Viewer, unit: CountryCode, memberId: string): boolean {
  switch (viewer.role) {
    case "central_office":
      return true;
    case "unit_staff":
      return viewer.unit === unit || viewer.unit === countryOfId(memberId);
    case "member":
      return viewer.sub === memberId;
    case "anonymous":
    case "service":
      return false;
  }
}

/**
 * The one answer for a booking that is missing or that the caller may not see:
 * telling them apart would tell a caller which bookings exist.
 */
export const noBookingYouMaySee = (id: string, unit: CountryCode) =>
  notFound(`No booking ${id} that you may see in the ${unit} unit.`);

/** Which of the unit's bookings a list shows the caller, as a SQL condition on `booking b`. */
export type BookingVisibility =
  { kind: "all" } | { kind: "member"; memberId: string } | { kind: "membersOf"; unit: CountryCode } | { kind: "none" };

export function bookingVisibility(viewer: Viewer, unit: CountryCode): BookingVisibility {
  switch (viewer.role) {
    case "central_office":
      return { kind: "all" };
    case "unit_staff":
      return viewer.unit === unit ? { kind: "all" } : { kind: "membersOf", unit: viewer.unit };
    case "member":
      return { kind: "member", memberId: viewer.sub };
    case "anonymous":
    case "service":
      return { kind: "none" };
  }
}

/**
 * Throws FORBIDDEN unless the caller may book a desk of this unit for
 * `memberId`: a member for themself (whatever their unit: the verified token
 * says who they are), staff of this unit for a member of this unit. The central
 * office reads everything and books nothing.
 */
export function checkMayBookFor(viewer: Viewer, unit: CountryCode, memberId: string): void {
  if (countryOfId(memberId) === null) {
    throw badUserInput(
      `memberId ${JSON.stringify(memberId.slice(0, 60))} is not a member ID: member IDs start with a country code and a colon, like "${unit}:m1".`,
      { argumentName: "memberId" },
    );
  }
  switch (viewer.role) {
    case "member":
      if (viewer.sub !== memberId)
        throw forbidden(
          `A member books for themself only (memberId: ${viewer.sub}); staff of the ${unit} unit book for others.`,
        );
      return;
    case "unit_staff":
      if (viewer.unit !== unit)
        throw forbidden(
          `Staff of the ${viewer.unit} unit book in ${viewer.unit} workspaces; this workspace is the ${unit} unit's.`,
        );
      if (countryOfId(memberId) !== unit) {
        throw forbidden(
          `Staff of the ${unit} unit book for members of ${unit}; a member of another unit books for themself.`,
        );
      }
      return;
    default:
      throw forbidden(`Only members (for themselves) and staff of the ${unit} unit book workspaces.`);
  }
}

/**
 * Whether the caller may cancel a booking of `memberId`: that member, or staff of
 * this unit. Others who may see it (staff of the member's unit, the central
 * office) are told FORBIDDEN, naming no one; the rest NOT_FOUND, as if missing.
 */
export function checkMayCancel(viewer: Viewer, unit: CountryCode, id: string, memberId: string): void {
  if (viewer.role === "member" && viewer.sub === memberId) return;
  if (viewer.role === "unit_staff" && viewer.unit === unit) return;
  if (!maySeeBooking(viewer, unit, memberId)) throw noBookingYouMaySee(id, unit);
  throw forbidden(`Only the member booked and staff of the ${unit} unit may cancel a booking.`);
}
