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
  /** The member `extensions.memberId` moved to another unit: `extensions.movedTo` is their ID there (the gateway follows it). */
  MEMBER_MOVED: "MEMBER_MOVED",
  /** A count of fewer than 5 people, withheld from a caller other than the central office and the unit's staff (`extensions.unit`). */
  COUNT_SUPPRESSED: "COUNT_SUPPRESSED",
  /** A field the unit `extensions.unit` does not serve yet (`extensions.field`, `Member.initials`): null in that unit's rows only. */
  UNIT_LACKS_FIELD: "UNIT_LACKS_FIELD",
  /** An argument, input field or value the unit `extensions.unit` does not take yet: the request is refused before any unit is called. */
  UNIT_LACKS_INPUT: "UNIT_LACKS_INPUT",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) =>
  graphqlError(ErrorCode.BAD_USER_INPUT, message, extensions);

export const notFound = (message: string) => graphqlError(ErrorCode.NOT_FOUND, message);

export const conflict = (message: string) => graphqlError(ErrorCode.CONFLICT, message);

export const memberMoved = (id: string, movedTo: string) =>
  graphqlError(
    ErrorCode.MEMBER_MOVED,
    `Member ${id} moved to the ${movedTo.slice(0, 2)} unit; they are ${movedTo} now.`,
    { memberId: id, movedTo },
  );
