/**
 * National entities this subgraph points at but cannot resolve (`resolvable: false`):
 * the gateway fetches their fields from the unit the ID names.
 */
export const cityReference = (id: string) => ({ __typename: "City" as const, id });

export const memberReference = (id: string) => ({ __typename: "Member" as const, id });
