import { foldForSort, memberNameKey } from "@smart/platform";
import type { Member } from "./Member.js";

/**
 * The stored keys of a member's name, computed here for every writer (the
 * mutations, the seed): `nameKey` orders NAME_ASC under COLLATE "C" (the shard
 * router merges the units' pages by it), `searchName` answers `nameContains`.
 */
export function memberNameColumns(
  firstName: string,
  lastName: string,
): Pick<Member, "firstName" | "lastName" | "nameKey" | "searchName"> {
  return {
    firstName,
    lastName,
    nameKey: memberNameKey(lastName, firstName),
    searchName: foldForSort(`${firstName} ${lastName}`),
  };
}

/** The stored sort key of a city's or a workspace's name. */
export function placeNameKey(name: string): string {
  return foldForSort(name);
}
