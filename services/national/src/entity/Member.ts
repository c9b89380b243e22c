import { EntitySchema } from "typeorm";
import type { CountryCode, Language } from "@smart/platform";
import type { City } from "./City.js";

export type MemberCategory = "A" | "B" | "C";
export type MemberStatus = "ACTIVE" | "SUSPENDED" | "LEFT";

/** A cooperator of this unit (GraphQL `Member`). */
export interface Member {
  id: string;
  firstName: string;
  lastName: string;
  /** `memberNameKey(lastName, firstName)`: the NAME_ASC order, under COLLATE "C". */
  nameKey: string;
  /** Folded "first last", for accent-insensitive `nameContains`. */
  searchName: string;
  email: string;
  phone: string | null;
  category: MemberCategory;
  status: MemberStatus;
  shares: number;
  cityId: string;
  activeIn: CountryCode[];
  /** ISO date, `YYYY-MM-DD`. */
  joinedOn: string;
  /** Null when the member has not said. */
  preferredLanguage: Language | null;
  /** Set once the member moved to another unit: their ID there (this row is a tombstone). */
  movedTo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A member as the unit's reads return it (GraphQL `Member`'s parent): what the graph
 * serves of the row, and the member's city when the read joined it in.
 */
export type MemberRecord = Omit<Member, "searchName" | "createdAt" | "updatedAt"> & { city?: City };

export const MemberEntity = new EntitySchema<Member>({
  name: "Member",
  tableName: "member",
  columns: {
    id: { type: "text", primary: true },
    firstName: { type: "text", name: "first_name" },
    lastName: { type: "text", name: "last_name" },
    nameKey: { type: "text", name: "name_key" },
    searchName: { type: "text", name: "search_name" },
    email: { type: "text" },
    phone: { type: "text", nullable: true },
    category: { type: "char", length: 1 },
    status: { type: "text" },
    shares: { type: "integer" },
    cityId: { type: "text", name: "city_id" },
    activeIn: { type: "text", array: true, name: "active_in" },
    joinedOn: { type: "date", name: "joined_on" },
    preferredLanguage: { type: "text", name: "preferred_language", nullable: true },
    movedTo: { type: "text", name: "moved_to", nullable: true, insert: false, update: false },
    createdAt: { type: "timestamptz", name: "created_at", createDate: true },
    updatedAt: { type: "timestamptz", name: "updated_at", updateDate: true },
  },
});
