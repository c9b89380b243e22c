import { GraphQLScalarType, Kind } from "graphql";
import { badUserInput } from "./errors.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (no 2024-02-30), from year 0001 (Postgres has no year 0). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (!match || match[1] === "0000") return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function parseDate(value: unknown): string {
  if (!isIsoDate(value)) {
    throw badUserInput(`Expected a date written YYYY-MM-DD, got ${JSON.stringify(value)?.slice(0, 40)}.`);
  }
  return value;
}

/** `Date`: an ISO 8601 calendar date, kept as its `YYYY-MM-DD` string. */
export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: "A calendar date, ISO 8601 (`2024-05-31`).",
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badUserInput("Expected a date written YYYY-MM-DD, as a string.");
    return parseDate(ast.value);
  },
});

/** Today in UTC, `YYYY-MM-DD`. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function parseDateTime(value: unknown): Date {
  const date = typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badUserInput(
      `Expected an ISO 8601 instant (2024-05-31T09:30:00Z), got ${JSON.stringify(value)?.slice(0, 40)}.`,
    );
  }
  return date;
}

/** `DateTime`: an instant, written ISO 8601 in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An instant, ISO 8601 in UTC (`2024-05-31T09:30:00.000Z`).",
  serialize: (value) => (value instanceof Date ? value : parseDateTime(value)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});
