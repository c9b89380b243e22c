import { GraphQLScalarType, Kind } from "graphql";
import { badUserInput } from "@smart/platform";

function parseDateTime(value: unknown): Date {
  const date = typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badUserInput(`Expected an ISO 8601 instant (2024-05-31T09:30:00Z), got ${JSON.stringify(value)?.slice(0, 40)}.`);
  }
  return date;
}

/** `DateTime`: an instant, written ISO 8601 in UTC. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An instant, ISO 8601 in UTC (`2024-05-31T09:30:00.000Z`).",
  serialize: (value) => (value instanceof Date ? value : parseDateTime(value)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});
