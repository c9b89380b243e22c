import {
  FOUNDING_UNITS,
  compareKeys,
  createGatewaySigner,
  developmentCursorMasterKeys,
  developmentSigningKey,
  gatewayCursors,
  memberNameKey,
  type FoundingUnit,
  type OrderName,
} from "@smart/platform";

/** The cursors of the test units and routers: each unit's key derived from the development master, as the gateway's default. */
export const testCursors = gatewayCursors(developmentCursorMasterKeys());

/** A member as the in-memory test units hold it. */
export interface TestMember {
  id: string;
  firstName: string;
  lastName: string;
  joinedOn: string;
}

const FIRST = ["Émile", "Ödön", "Łukasz", "Zoë", "Anna", "Søren", "Élodie", "Ignacio", "Ute", "Ben", "Ana", "Jan"];
const LAST = [
  "Müller",
  "Ibáñez",
  "Dupont",
  "Nagy",
  "Van Damme",
  "Vandamme",
  "Łęcki",
  "Østergaard",
  "Zola",
  "Abbas",
  "Ødegaard",
  "de Smet",
  "Émery",
  "Öz",
];

/**
 * Members per unit (`count`, or a count per unit): names with accents and
 * near-collisions (Émile, Ödön, Łukasz, Van Damme/Vandamme), dates that tie across units.
 */
export function testMembers(count: number | ((unit: FoundingUnit) => number)): Record<FoundingUnit, TestMember[]> {
  return Object.fromEntries(
    FOUNDING_UNITS.map((unit, u) => [
      unit,
      Array.from({ length: typeof count === "number" ? count : count(unit) }, (_, i) => ({
        id: `${unit}:m${i + 1}`,
        firstName: FIRST[(i * 5 + u) % FIRST.length]!,
        lastName: LAST[(i * 3 + u * 7) % LAST.length]!,
        joinedOn: `20${String(10 + ((i * 7 + u) % 12)).padStart(2, "0")}-0${1 + ((i + u) % 9)}-15`,
      })),
    ]),
  ) as Record<FoundingUnit, TestMember[]>;
}

export function sortKeyOf(member: TestMember, order: OrderName): string[] {
  return order === "JOINED_DESC"
    ? [member.joinedOn, member.id]
    : [memberNameKey(member.lastName, member.firstName), member.id];
}

export const cursorOf = (member: TestMember, order: OrderName) =>
  testCursors.encode(member.id.slice(0, 2), { order, key: sortKeyOf(member, order) });

/** Members in the order a unit's Postgres (COLLATE "C") gives them. */
export function sortMembers(members: readonly TestMember[], order: OrderName): TestMember[] {
  return [...members].sort((a, b) => compareKeys(order, sortKeyOf(a, order), sortKeyOf(b, order)));
}

/** A unit's keyset page: the `first` members after the one `afterKey` names. */
export function keysetPage(
  members: readonly TestMember[],
  order: OrderName,
  first: number,
  afterKey?: readonly string[],
) {
  const rest = sortMembers(members, order).filter(
    (m) => !afterKey || compareKeys(order, sortKeyOf(m, order), afterKey) > 0,
  );
  return { members: rest.slice(0, first), hasNextPage: rest.length > first };
}

/** What a ShardRouter built by a test signs and opens cursors with (the development keys, as the test units'). */
export const testRouterSecrets = { signer: createGatewaySigner(developmentSigningKey()), cursors: testCursors };
