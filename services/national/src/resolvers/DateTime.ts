import { DateTimeScalar } from "@smart/platform";

/** `DateTime`: an instant, written ISO 8601 in UTC (the platform's scalar, shared with central). */
export const DateTime = DateTimeScalar;
