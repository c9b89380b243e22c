import { EntitySchema } from "typeorm";
import type { CountryCode } from "@smart/platform";

export type CountryStatus = "ACTIVE" | "STARTING";
export type MoneyPeriod = "ONCE" | "YEARLY";
/** Where a unit stands in the directory: only ADMITTED units are in the graph. */
export type UnitAdmission = "PROSPECTIVE" | "ADMITTED" | "RETIRED";

/** A national unit in the central office's directory (GraphQL `Country`). */
export interface Country {
  code: CountryCode;
  /** English name of the country. */
  name: string;
  unitName: string;
  legalForm: string;
  founded: number;
  sharePriceAmount: number;
  /** ISO 4217, e.g. `EUR`. */
  sharePriceCurrency: string;
  sharePricePeriod: MoneyPeriod;
  website: string | null;
  status: CountryStatus;
  admission: UnitAdmission;
  /** When admitUnit last admitted it; null for a unit the directory began with. */
  admittedAt: Date | null;
  /** When retireUnit retired it; null unless RETIRED. */
  retiredAt: Date | null;
}

export const CountryEntity = new EntitySchema<Country>({
  name: "Country",
  tableName: "country",
  columns: {
    code: { type: "text", primary: true },
    name: { type: "text" },
    unitName: { type: "text", name: "unit_name" },
    legalForm: { type: "text", name: "legal_form" },
    founded: { type: "integer" },
    sharePriceAmount: {
      type: "numeric",
      precision: 12,
      scale: 2,
      name: "share_price_amount",
      // node-postgres reads numeric as a string to keep precision; share prices fit a double.
      transformer: { from: (value: string) => Number(value), to: (value: number) => value },
    },
    sharePriceCurrency: { type: "text", name: "share_price_currency" },
    sharePricePeriod: { type: "text", name: "share_price_period" },
    website: { type: "text", nullable: true },
    status: { type: "text" },
    admission: { type: "text" },
    admittedAt: { type: "timestamptz", name: "admitted_at", nullable: true },
    retiredAt: { type: "timestamptz", name: "retired_at", nullable: true },
  },
});
