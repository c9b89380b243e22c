import {
  badUserInput,
  countryOfId,
  forbidden,
  unauthenticatedForField,
  type CountryCode,
  type Viewer,
} from "@smart/platform";

/**
 * Who may act on a member's data across Europe: a signed-in caller who is staff
 * of the member's unit or the central office (or, where `memberMayAct`, the
 * member themself). Returns the member's unit; refuses a malformed ID with
 * BAD_USER_INPUT, an anonymous caller with UNAUTHENTICATED, anyone else with
 * FORBIDDEN and `refusal`.
 */
export function checkMayActOnMember(
  viewer: Viewer,
  memberId: string,
  { signIn, refusal, memberMayAct = false }: { signIn: string; refusal: string; memberMayAct?: boolean },
): CountryCode {
  const unit = countryOfId(memberId);
  if (!unit)
    throw badUserInput(
      `memberId ${JSON.stringify(memberId.slice(0, 60))} is not a member ID: IDs start with a country code, like "BE:…".`,
      {
        argumentName: "memberId",
      },
    );
  if (viewer.role === "anonymous") throw unauthenticatedForField(signIn);
  const allowed =
    viewer.role === "central_office" ||
    (viewer.role === "unit_staff" && viewer.unit === unit) ||
    (memberMayAct && viewer.role === "member" && viewer.sub === memberId);
  if (!allowed) throw forbidden(refusal);
  return unit;
}
