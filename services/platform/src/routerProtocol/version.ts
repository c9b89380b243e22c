/**
 * The router↔unit protocol: what the gateway's shard router and a unit agree on
 * beyond the SDL — the reserved `__sr_` names and what they carry (names.ts), the
 * gateway's signature and the caller it names (signature.ts, viewerHeader.ts), the
 * sealed cursors, and how a unit says what it serves (`_service { sdl }`) and which
 * protocol it speaks. Versions (docs/unit-protocol.md):
 *
 * 1. The wire format of the release that declares no version (release/previous at first).
 * 2. Version 1, and the unit declares its version: the `x-smart-router-protocol`
 *    header on every answer and `protocol` in GET /health.
 *
 * A unit speaks one version; the gateway speaks this one and the one before, so a
 * unit one release behind keeps answering.
 */
export const ROUTER_PROTOCOL_VERSION = 2;

/** The versions a gateway of this release speaks: this one and the one before. */
export const GATEWAY_ROUTER_PROTOCOLS: readonly number[] = [ROUTER_PROTOCOL_VERSION - 1, ROUTER_PROTOCOL_VERSION];

/** The header a unit answers every request with: the protocol version it speaks. */
export const ROUTER_PROTOCOL_HEADER = "x-smart-router-protocol";

/** What a unit that declares no version speaks: the wire format of version 1. */
export const UNDECLARED_ROUTER_PROTOCOL = 1;

/**
 * The version a unit speaks, from its header or its /health's `protocol`:
 * absent is version 1; anything but a positive integer is undefined (not a version).
 */
export function routerProtocolOf(declared: unknown): number | undefined {
  if (declared === undefined || declared === null) return UNDECLARED_ROUTER_PROTOCOL;
  const version =
    typeof declared === "number"
      ? declared
      : typeof declared === "string" && /^\d+$/.test(declared.trim())
        ? Number(declared)
        : NaN;
  return Number.isInteger(version) && version > 0 ? version : undefined;
}
