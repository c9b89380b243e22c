import {
  FOUNDING_UNITS,
  GRAPH_AUDIENCE,
  isCountryCode,
  unitAudience,
  type CountryCode,
  type Viewer,
} from "@smart/platform";

export { GRAPH_AUDIENCE, unitAudience };

/** A person's (or an office's) viewer: what a token can name. Never anonymous, never a service. */
export type PersonViewer = Extract<Viewer, { role: "member" | "unit_staff" | "central_office" }>;

/** The unit a `urn:smart:unit:<cc>` resource indicator names, or null. */
export function unitOfAudience(resource: string): CountryCode | null {
  const match = /^urn:smart:unit:([a-z]{2})$/.exec(resource);
  const code = match?.[1]?.toUpperCase();
  return isCountryCode(code) ? code : null;
}

/**
 * Where a token may be used: members and the central office at the gateway only;
 * a unit's staff at the gateway and at their own unit's endpoint.
 */
export function audiencesOf(viewer: PersonViewer): string[] {
  return viewer.role === "unit_staff" ? [GRAPH_AUDIENCE, unitAudience(viewer.unit)] : [GRAPH_AUDIENCE];
}

const MEMBER_ACCOUNT = /^([A-Z]{2}):m[0-9]{1,12}$/;
const STAFF_ACCOUNT = /^staff:([A-Z]{2})$/;
export const CENTRAL_OFFICE_ACCOUNT = "central-office";

/**
 * The viewer an account ID signs in as, or null when it is not an account:
 * a member is their member ID (`BE:m17`), a unit's staff `staff:BE`, the central office `central-office`.
 */
export function viewerOfAccount(accountId: string): PersonViewer | null {
  if (accountId === CENTRAL_OFFICE_ACCOUNT) return { role: "central_office" };
  const staff = STAFF_ACCOUNT.exec(accountId)?.[1];
  if (isCountryCode(staff)) return { role: "unit_staff", unit: staff };
  const member = MEMBER_ACCOUNT.exec(accountId)?.[1];
  if (isCountryCode(member)) return { role: "member", unit: member, sub: accountId };
  return null;
}

/** The account ID of a viewer (the inverse of viewerOfAccount); throws for a viewer no account has. */
export function accountOf(viewer: PersonViewer): string {
  const account =
    viewer.role === "central_office"
      ? CENTRAL_OFFICE_ACCOUNT
      : viewer.role === "unit_staff"
        ? `staff:${viewer.unit}`
        : viewer.sub;
  const back = viewerOfAccount(account);
  if (!back || back.role !== viewer.role || ("unit" in back && "unit" in viewer && back.unit !== viewer.unit))
    throw new TypeError(
      `No account is ${JSON.stringify(viewer)}: a member's sub is their member ID in their unit (${viewer.role === "member" ? `${viewer.unit}:m17` : "BE:m17"}).`,
    );
  return account;
}

/** One line for the login page and errors: what an account looks like. */
export const ACCOUNT_HINT = `a member ID (BE:m17), a unit's staff (staff:BE) or central-office; units: ${FOUNDING_UNITS.join(", ")}`;
