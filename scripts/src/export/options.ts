import { z } from "zod";
import { readArgs, readConfig, UsageError, wholeNumber, type CountryCode, isCountryCode } from "@smart/platform";

export const EXPORT_KINDS = ["members", "bookings", "memberStats"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportFormat = "csv" | "ndjson";

export const MEMBER_DIMENSIONS = [
  "COUNTRY",
  "CITY",
  "CATEGORY",
  "STATUS",
  "JOINED_YEAR",
  "JOINED_MONTH",
  "ACTIVE_IN_COUNTRY",
] as const;
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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (text: string) =>
  ISO_DATE.test(text) &&
  !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const daysFromToday = (days: number, now: Date) =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const date = () => z.string().refine(isDate, "expected a date, YYYY-MM-DD").optional();
const upperCase = (value: unknown) => (typeof value === "string" ? value.toUpperCase() : value);

const FLAGS = {
  country: z.preprocess(
    upperCase,
    z.string().refine(isCountryCode, "expected a unit's code: two letters, such as BE or PT").optional(),
  ),
  format: z.enum(["csv", "ndjson"], { errorMap: () => ({ message: "csv or ndjson" }) }).default("csv"),
  out: z.string().min(1).optional(),
  resume: z.boolean().default(false),
  token: z.string().min(1).optional(),
  url: z.string().url().optional(),
  "page-size": wholeNumber().min(1, "1 to 100").max(100, "1 to 100").default(100),
  from: date(),
  to: date(),
  "group-by": z
    .string()
    .default("COUNTRY,CATEGORY")
    .transform((list, context) => {
      const groupBy = list
        .split(",")
        .map((d) => d.trim().toUpperCase())
        .filter(Boolean);
      const unknown = groupBy.filter((d) => !MEMBER_DIMENSIONS.includes(d as MemberDimension));
      if (unknown.length)
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `unknown ${unknown.join(", ")}; use ${MEMBER_DIMENSIONS.join(", ")}`,
        });
      return groupBy as MemberDimension[];
    }),
};

/** What the export reads from the environment: where the gateway is, and the caller's token. */
export function readExportEnvironment(env: NodeJS.ProcessEnv): { gatewayUrl: string; token: string | null } {
  const config = readConfig(
    {
      SMART_GATEWAY_URL: z.string().url().default("http://localhost:4000/graphql"),
      SMART_TOKEN: z.string().optional(),
    },
    env,
  );
  return { gatewayUrl: config.SMART_GATEWAY_URL, token: config.SMART_TOKEN || null };
}

/** Reads the command line (and SMART_TOKEN, SMART_GATEWAY_URL); throws UsageError on anything unclear. */
export function readExportOptions(argv: readonly string[], env: NodeJS.ProcessEnv, now = new Date()): ExportOptions {
  const { values, positionals } = readArgs(argv, FLAGS, { positionals: true });
  if (positionals.length !== 1 || !EXPORT_KINDS.includes(positionals[0] as ExportKind)) {
    throw new UsageError(`Name one thing to export: ${EXPORT_KINDS.join(", ")}.`);
  }
  const from = values.from ?? daysFromToday(-365, now);
  const to = values.to ?? daysFromToday(90, now);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
  if (values.resume && !values.out)
    throw new UsageError(`--resume needs --out: an export to standard output cannot be resumed.`);
  const environment = readExportEnvironment(env);
  return {
    kind: positionals[0] as ExportKind,
    country: values.country ?? null,
    format: values.format,
    pageSize: values.pageSize,
    from,
    to,
    groupBy: values.groupBy,
    url: values.url ?? environment.gatewayUrl,
    token: values.token ?? environment.token,
    out: values.out ?? null,
    resume: values.resume,
  };
}
