import type { GraphQLFormattedError } from "graphql";
import { badUserInput, ErrorCode, graphqlError, type CountryCode } from "@smart/platform";
import type { UnavailableReason } from "../upstream.js";

export type ResponsePath = readonly (string | number)[];

const REASON_TEXT: Record<UnavailableReason, string> = {
  TIMEOUT: "it did not answer in time",
  UNREACHABLE: "it could not be reached",
  HTTP_ERROR: "it answered with an HTTP error",
  BAD_RESPONSE: "its answer was not a GraphQL response",
  INCOMPATIBLE:
    "it speaks a router protocol or serves a schema this gateway cannot plan for, and is not called: see the gateway's log",
};

const withPath = (error: GraphQLFormattedError, path?: ResponsePath): GraphQLFormattedError =>
  path ? { ...error, path: [...path] } : error;

/** The error that stands for a unit's (or the central office's) missing part of the answer. */
export function shardUnavailable(
  /** A unit's code, or `central`. */
  unit: string,
  reason: UnavailableReason,
  path?: ResponsePath,
): GraphQLFormattedError {
  const message = `${unit === "central" ? "The central office" : `The ${unit} unit`} is unavailable (${REASON_TEXT[reason]}); the answer lacks its part.`;
  return withPath(graphqlError(ErrorCode.SHARD_UNAVAILABLE, message, { unit, reason }).toJSON(), path);
}

export function badUserInputAt(message: string, path?: ResponsePath): GraphQLFormattedError {
  return withPath(badUserInput(message).toJSON(), path);
}

/** A formatted error for anything thrown while routing (a GraphQLError keeps its code). */
export function formattedError(error: unknown, path?: ResponsePath): GraphQLFormattedError {
  // Duck-typed: a GraphQLError of another copy of graphql-js (CommonJS) is one too.
  const toJSON = (error as { toJSON?: () => unknown } | null)?.toJSON;
  if (error && typeof error === "object" && "extensions" in error && typeof toJSON === "function")
    return withPath(toJSON.call(error) as GraphQLFormattedError, path);
  return withPath({ message: error instanceof Error ? error.message : String(error) }, path);
}

/** Drops repeats: nine units rejecting the same `first` give one error, not nine. */
export function dedupeErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = JSON.stringify([error.message, error.path, error.extensions]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Names the unit in each error it answered with (a unit's own FORBIDDEN, NOT_FOUND…), unless it named itself. */
export function tagWithUnit<T extends { answered: boolean; errors?: readonly GraphQLFormattedError[] }>(
  unit: CountryCode,
  outcome: T,
): T {
  if (!outcome.answered || !outcome.errors?.length) return outcome;
  return {
    ...outcome,
    errors: outcome.errors.map((error) =>
      error.extensions?.unit ? error : { ...error, extensions: { ...error.extensions, unit } },
    ),
  };
}

/**
 * An error that every unit called gave alike (anonymous caller, `first` out of
 * range) is about the request, not the units: it is reported once, without a
 * unit. One that only some units gave (BE staff are FORBIDDEN in the other eight)
 * stays one per unit, naming it.
 */
export function collapseCallerErrors(
  errors: readonly GraphQLFormattedError[],
  unitsCalled: number,
): GraphQLFormattedError[] {
  if (unitsCalled < 2) return [...errors];
  // Outside production a unit adds its stack trace, whose async frames vary with timing: not part of what the units said.
  const withoutUnit = (error: GraphQLFormattedError) => {
    const { unit: _unit, stacktrace: _stacktrace, ...extensions } = error.extensions ?? {};
    return JSON.stringify([error.message, error.path, extensions]);
  };
  const groups = new Map<string, GraphQLFormattedError[]>();
  for (const error of errors) {
    const key = withoutUnit(error);
    groups.set(key, [...(groups.get(key) ?? []), error]);
  }
  return [...groups.values()].flatMap((group) => {
    const units = new Set(group.map((error) => error.extensions?.unit).filter(Boolean));
    if (units.size < unitsCalled || group[0]!.extensions?.code === "SHARD_UNAVAILABLE") return group;
    const { unit: _unit, ...extensions } = group[0]!.extensions ?? {};
    return [{ ...group[0]!, extensions }];
  });
}
