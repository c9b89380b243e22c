import type { CountryCode } from "@smart/platform";

/** What a `MemberGroup` resolver receives: the dimensions asked for, the rest null; `cityId` becomes `city`. */
export interface MemberGroupRow {
  country: CountryCode | null;
  cityId: string | null;
  category: "A" | "B" | "C" | null;
  status: "ACTIVE" | "SUSPENDED" | "LEFT" | null;
  joinedYear: number | null;
  joinedMonth: string | null;
  activeInCountry: CountryCode | null;
  count: number;
}
