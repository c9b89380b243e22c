import { GraphQLError } from "graphql";

/** The `extensions.code` values of the contract (ARCHITECTURE.md, "Errors"). */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  SHARD_UNAVAILABLE: "SHARD_UNAVAILABLE",
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphqlError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) =>
  graphqlError(ErrorCode.BAD_USER_INPUT, message, extensions);

export const notFound = (message: string) => graphqlError(ErrorCode.NOT_FOUND, message);

export const conflict = (message: string) => graphqlError(ErrorCode.CONFLICT, message);
