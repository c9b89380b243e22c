import { parseArgs } from "node:util";
import { isCountryCode, type CountryCode } from "@smart/platform";

export const EXPORT_KINDS = ["members", "bookings", "memberStats"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportFormat = "csv" | "ndjson";

export const MEMBER_DIMENSIONS = ["COUNTRY", "CITY", "CATEGORY", "STATUS", "JOINED_YEAR", "JOINED_MONTH", "ACTIVE_IN_COUNTRY"] as const;
export type MemberDimension = (typeof MEMBER_DIMENSIONS)[number];

/** What is exported: the part of the options a resumed export must keep. */
export interface ExportQuery {
  kind: ExportKind;
  country: CountryCode | null;
  format: ExportFormat;
  /** members: rows per page (1–100). */
  pageSize: number;
  /** bookings: the days, both included. */
  from: string;
  to: string;
  /** memberStats: the dimensions. */
  groupBy: MemberDimension[];
}

export interface ExportOptions extends ExportQuery {
  url: string;
  token: string | null;
  /** null: standard output. */
  out: string | null;
  resume: boolean;
}

export const USAGE = `usage: npm run export -- <members|bookings|memberStats> [--country CC] [--format csv|ndjson] [--out FILE] [--resume]
         [--token JWT (default: $SMART_TOKEN)] [--url URL (default: $SMART_GATEWAY_URL or http://localhost:4000/graphql)]
         [--page-size 1-100 (members)] [--from YYYY-MM-DD --to YYYY-MM-DD (bookings)] [--group-by COUNTRY,CATEGORY (memberStats)]`;

export class UsageError extends Error {}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (text: string) => ISO_DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const daysFromToday = (days: number, now: Date) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** Reads the command line (and SMART_TOKEN, SMART_GATEWAY_URL); throws UsageError on anything unclear. */
export function readExportOptions(argv: readonly string[], env: NodeJS.ProcessEnv, now = new Date()): ExportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        country: { type: "string" },
        format: { type: "string", default: "csv" },
        out: { type: "string" },
        resume: { type: "boolean", default: false },
        token: { type: "string" },
        url: { type: "string" },
        "page-size": { type: "string", default: "100" },
        from: { type: "string" },
        to: { type: "string" },
        "group-by": { type: "string", default: "COUNTRY,CATEGORY" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !EXPORT_KINDS.includes(positionals[0] as ExportKind)) {
    throw new UsageError(`Name one thing to export: ${EXPORT_KINDS.join(", ")}.`);
  }
  const kind = positionals[0] as ExportKind;
  const country = values.country === undefined ? null : values.country.toUpperCase();
  if (country !== null && !isCountryCode(country)) throw new UsageError(`--country: expected one of AT, BE, DE, ES, FR, HU, IT, NL, SE, got ${values.country}.`);
  const format = values.format;
  if (format !== "csv" && format !== "ndjson") throw new UsageError(`--format: csv or ndjson, got ${format}.`);
  const pageSize = Number(values["page-size"]);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new UsageError(`--page-size: 1 to 100, got ${values["page-size"]}.`);
  const from = values.from ?? daysFromToday(-365, now);
  const to = values.to ?? daysFromToday(90, now);
  if (!isDate(from) || !isDate(to)) throw new UsageError(`--from and --to are dates, YYYY-MM-DD.`);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
  const groupBy = values["group-by"].split(",").map((d) => d.trim().toUpperCase()).filter(Boolean);
  const unknown = groupBy.filter((d) => !MEMBER_DIMENSIONS.includes(d as MemberDimension));
  if (unknown.length) throw new UsageError(`--group-by: unknown ${unknown.join(", ")}; use ${MEMBER_DIMENSIONS.join(", ")}.`);
  if (values.resume && !values.out) throw new UsageError(`--resume needs --out: an export to standard output cannot be resumed.`);
  return {
    kind,
    country,
    format,
    pageSize,
    from,
    to,
    groupBy: groupBy as MemberDimension[],
    url: values.url ?? env.SMART_GATEWAY_URL ?? "http://localhost:4000/graphql",
    token: values.token ?? env.SMART_TOKEN ?? null,
    out: values.out ?? null,
    resume: values.resume,
  };
}
