import { stringify } from "csv-stringify/sync";
import type { ExportFormat } from "./options.js";
import type { Row } from "./sources.js";

/**
 * Rows as text. CSV is RFC 4180: CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break (quotes doubled), a header row first; a list
 * (activeIn) is one field, `BE;DE`; null is an empty field. NDJSON: one JSON object a line.
 */
export function formatRows(format: ExportFormat, columns: readonly string[], rows: readonly Row[]): string {
  if (format === "ndjson") return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
  if (rows.length === 0) return "";
  return stringify(
    rows.map((row) =>
      columns.map((column) => {
        const value = row[column];
        return Array.isArray(value) ? value.join(";") : value;
      }),
    ),
    { record_delimiter: "windows", cast: { number: (n) => String(n) } },
  );
}

/** The header row (CSV), or nothing (NDJSON). */
export function formatHeader(format: ExportFormat, columns: readonly string[]): string {
  return format === "csv" ? stringify([[...columns]], { record_delimiter: "windows" }) : "";
}
