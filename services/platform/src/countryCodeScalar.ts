import { GraphQLScalarType, Kind } from "graphql";
import { badUserInput } from "./errors.js";
import { isCountryCode, type CountryCode } from "./units.js";

function parseCountryCode(value: unknown): CountryCode {
  if (!isCountryCode(value))
    throw badUserInput(
      `Expected a unit's code, two capital letters such as BE, got ${JSON.stringify(value)?.slice(0, 20)}.`,
    );
  return value;
}

/**
 * `CountryCode`: a unit's code. A scalar, not an enum, so that a unit admitted to the
 * directory needs no new schema; it still reads bare (`country: BE`), as the enum did.
 * Whether the code names a unit of the graph is the directory's to say.
 */
export const CountryCodeScalar = new GraphQLScalarType<CountryCode, CountryCode>({
  name: "CountryCode",
  serialize: parseCountryCode,
  parseValue: parseCountryCode,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.ENUM)
      throw badUserInput("Expected a unit's code, two capital letters such as BE.");
    return parseCountryCode(ast.value);
  },
});
