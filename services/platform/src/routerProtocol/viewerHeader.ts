import { GraphQLError } from "graphql";
import { ANONYMOUS, type ServiceWork, type Viewer } from "../auth.js";
import { countryOfId } from "../ids.js";
import { isCountryCode } from "../units.js";

/**
 * `x-smart-viewer`: the caller as the gateway verified them, inside its signed
 * call (the gateway never forwards a caller's Authorization). Compact JSON, keys
 * in this order: `{"role":"member","unit":"BE","sub":"BE:m17"}`,
 * `{"role":"unit_staff","unit":"BE"}`, `{"role":"central_office"}`,
 * `{"role":"service","work":"indicators"}`; absent for an anonymous caller.
 * A subgraph reads it only from a request whose signature it verified.
 */
export const VIEWER_HEADER = "x-smart-viewer";

const SERVICE_WORK: readonly ServiceWork[] = ["indicators", "member_rights", "ballots", "unit_directory"];

/** The longest header a subgraph reads (a member's is about 50 characters). */
const MAX_VIEWER_HEADER = 256;

const headers = new WeakMap<Viewer, string | undefined>();

/** The header's value for `viewer`, undefined for an anonymous caller (kept per viewer object: the token verifier hands out the same one). */
export function viewerHeader(viewer: Viewer): string | undefined {
  if (headers.has(viewer)) return headers.get(viewer);
  const value = serialise(viewer);
  headers.set(viewer, value);
  return value;
}

function serialise(viewer: Viewer): string | undefined {
  switch (viewer.role) {
    case "anonymous":
      return undefined;
    case "member":
      return JSON.stringify({ role: viewer.role, unit: viewer.unit, sub: viewer.sub });
    case "unit_staff":
      return JSON.stringify({ role: viewer.role, unit: viewer.unit });
    case "central_office":
      return JSON.stringify({ role: viewer.role });
    case "service":
      return JSON.stringify({ role: viewer.role, work: viewer.work });
  }
}

const refused = (message: string) =>
  new GraphQLError(`${VIEWER_HEADER}: ${message}`, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

const parsed = new Map<string, Viewer>();
const PARSED_KEPT = 10_000;

/**
 * The viewer of a call the gateway signed (absent header: anonymous). A malformed
 * one is a 401: the gateway only ever sends the shapes above, so anything else is
 * not the gateway's.
 */
export function viewerFromSignedClaims(header: string | string[] | undefined): Viewer {
  if (header === undefined || header === "") return ANONYMOUS;
  if (Array.isArray(header) || header.length > MAX_VIEWER_HEADER) throw refused("expected one compact JSON object.");
  const kept = parsed.get(header);
  if (kept) return kept;
  const viewer = parse(header);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(header, viewer);
  return viewer;
}

function parse(header: string): Viewer {
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(header) as Record<string, unknown>;
  } catch {
    throw refused("not JSON.");
  }
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) throw refused("expected a JSON object.");
  const { role, unit, sub, work } = claims;
  const keys = Object.keys(claims).sort().join(",");
  switch (role) {
    case "central_office":
      if (keys === "role") return Object.freeze({ role });
      break;
    case "unit_staff":
      if (keys === "role,unit" && isCountryCode(unit)) return Object.freeze({ role, unit });
      break;
    case "member":
      if (keys === "role,sub,unit" && isCountryCode(unit) && typeof sub === "string" && countryOfId(sub) === unit)
        return Object.freeze({ role, unit, sub });
      break;
    case "service":
      if (keys === "role,work" && SERVICE_WORK.includes(work as ServiceWork))
        return Object.freeze({ role, work: work as ServiceWork });
      break;
  }
  throw refused(`not a caller the gateway names (${JSON.stringify(role ?? null)}).`);
}
